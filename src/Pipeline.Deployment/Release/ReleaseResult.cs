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

    public bool Succeeded => Kind is not (ReleaseKind.RolledBack or ReleaseKind.Inconclusive);

    /// <summary>The build's exit code for this outcome: 0 promoted (or nothing to do), 3 rolled back on a breach, 4 inconclusive.</summary>
    public int ExitCode => Kind switch
    {
        ReleaseKind.RolledBack => ReleaseExitCodes.RolledBack,
        ReleaseKind.Inconclusive => ReleaseExitCodes.Inconclusive,
        _ => 0,
    };
}

public enum ReleaseKind
{
    FirstRelease,
    AlreadyInProduction,
    Promoted,

    /// <summary>The judge found a breach and the canary was rolled back.</summary>
    RolledBack,

    /// <summary>The budget ran out with no breach and too little evidence; the policy held, rolled back or promoted the canary (see the message).</summary>
    Inconclusive,
}
