namespace Pipeline.Gateway.Proxy;

/// <summary>The gRPC service the gateway routes (KServe v2 <c>inference.GRPCInferenceService</c>) and its methods that carry predictions.</summary>
internal static class GrpcRoute
{
    public const string Service = "inference.GRPCInferenceService";

    /// <summary>True for <c>ModelInfer</c>, whose answer holds scores the judge reads.</summary>
    public static bool IsInfer(HttpContext ctx) => ctx.Request.Path.Value?.EndsWith("/ModelInfer", StringComparison.Ordinal) == true;
}
