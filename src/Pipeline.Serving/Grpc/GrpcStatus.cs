using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Pipeline.Serving.Grpc;

/// <summary>A gRPC call's outcome as the HTTP status REST would have answered, so request metrics and logs count both protocols alike.</summary>
internal static class GrpcStatus
{
    /// <summary>Null for a non-gRPC request; else the HTTP equivalent of its <c>grpc-status</c> (trailer, or header of a trailers-only answer).</summary>
    public static int? HttpEquivalent(HttpContext ctx)
    {
        if (ctx.Response.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) != true) return null;
        if (ctx.Items.TryGetValue(InferenceService.GrpcStatusKey, out var kept) && kept is int http) return http;
        var value = ctx.Features.Get<IHttpResponseTrailersFeature>()?.Trailers["grpc-status"].ToString();
        if (string.IsNullOrEmpty(value)) value = ctx.Response.Headers["grpc-status"].ToString();
        return value switch
        {
            "0" => 200,
            "3" or "11" => 400,
            "5" => 404,
            "8" or "14" => 503,
            "1" => 499,
            "4" => 504,
            _ => 500,
        };
    }
}
