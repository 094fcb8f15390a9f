namespace Pipeline.Protocol.Grpc;

/// <summary>
/// gRPC status codes as the HTTP status REST would have answered (gRPC's own HTTP mapping), so a gRPC answer is counted like a REST
/// one: 0 → 200, caller faults → 4xx, server faults (UNAVAILABLE, INTERNAL, UNKNOWN, DEADLINE_EXCEEDED …) → 5xx.
/// </summary>
public static class GrpcStatusCodes
{
    public const int Ok = 0;
    public const int InvalidArgument = 3;
    public const int NotFound = 5;
    public const int ResourceExhausted = 8;
    public const int FailedPrecondition = 9;
    public const int Internal = 13;
    public const int Unavailable = 14;

    /// <summary>The HTTP equivalent of a <c>grpc-status</c> value; an unreadable value is a server fault (500).</summary>
    public static int HttpEquivalent(string? grpcStatus) => grpcStatus?.Trim() switch
    {
        "0" => 200,
        "3" or "9" or "11" => 400,
        "16" => 401,
        "7" => 403,
        "5" => 404,
        "6" or "10" => 409,
        "8" => 429,
        "1" => 499,
        "12" => 501,
        "14" => 503,
        "4" => 504,
        _ => 500,
    };
}
