namespace Pipeline.Packaging.Docker.Models;

/// <summary>Answer of <c>GET /version</c>.</summary>
public sealed record EngineVersion
{
    public string Version { get; init; } = "";
    public string ApiVersion { get; init; } = "";
    public string Os { get; init; } = "";
    public string Arch { get; init; } = "";
}

/// <summary>The engine's error body, <c>{"message": "…"}</c>.</summary>
public sealed record EngineError
{
    public string? Message { get; init; }
}
