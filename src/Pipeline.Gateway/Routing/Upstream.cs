namespace Pipeline.Gateway.Routing;

/// <summary>One model server the gateway forwards to: its REST base URL, the model version it serves and, when it has one, its gRPC (h2c) base URL.</summary>
public sealed record Upstream(string Url, string Version = "", string? Grpc = null)
{
    /// <summary>Base URL without a trailing slash, so request paths append cleanly.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string BaseUrl => Url.TrimEnd('/');

    /// <summary>The gRPC base URL without a trailing slash; null when the server has no gRPC port.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? GrpcBaseUrl => Grpc?.TrimEnd('/');
}
