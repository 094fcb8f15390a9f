namespace Pipeline.Deployment.Release;

/// <summary>What DeployCanary hands on (the <c>release</c> output): the outcome, the model released and each step's decision.</summary>
public sealed record ReleaseRecord
{
    public required string Kind { get; init; }
    public required string Message { get; init; }
    public string? Endpoint { get; init; }
    public string? StableVersion { get; init; }
    public string? CanaryVersion { get; init; }
    public IReadOnlyList<string> Recovered { get; init; } = [];

    /// <summary>Digest of the model released (the one the gates judged).</summary>
    public required string ModelDigest { get; init; }

    /// <summary>Gates left out with <c>--skip</c> and the reason given; empty when every gate ran.</summary>
    public IReadOnlyList<string> SkippedGates { get; init; } = [];
    public IReadOnlyList<ReleaseStepRecord> Steps { get; init; } = [];
}

/// <summary>One judged step of a release.</summary>
public sealed record ReleaseStepRecord(string Action, string Stage, double StepWeightPercent, string? Reason);
