namespace Pipeline.Gateway.Admin;

/// <summary>Readiness of one upstream as probed by the gateway (<c>GET /v2/health/ready</c>).</summary>
public sealed record UpstreamHealth(string Variant, string Url, string Version, bool Ready, string Detail);
