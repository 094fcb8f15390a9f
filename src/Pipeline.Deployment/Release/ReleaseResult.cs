using Pipeline.Benchmarking.Load;
using Pipeline.Deployment.Canary;

namespace Pipeline.Deployment.Release;

/// <summary>How a release ended: first release, already live, promoted or rolled back; with the endpoint and what replay traffic saw.</summary>
public sealed record ReleaseResult
{
    public required ReleaseKind Kind { get; init; }
    public required string Message { get; init; }
    public string? Endpoint { get; init; }
    public string? StableVersion { get; init; }
    public string? CanaryVersion { get; init; }
    public RolloutResult? Rollout { get; init; }
    public LoadResult? Replay { get; init; }
    public IReadOnlyList<string> Recovered { get; init; } = [];

    public bool Succeeded => Kind != ReleaseKind.RolledBack;
}

public enum ReleaseKind
{
    FirstRelease,
    AlreadyInProduction,
    Promoted,
    RolledBack,
}
