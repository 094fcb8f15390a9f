namespace Pipeline.Gateway.Routing;

/// <summary>One model server the gateway forwards to: its base URL and the model version it serves.</summary>
public sealed record Upstream(string Url, string Version = "")
{
    /// <summary>Base URL without a trailing slash, so request paths append cleanly.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string BaseUrl => Url.TrimEnd('/');
}
