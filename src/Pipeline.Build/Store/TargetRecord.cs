namespace Pipeline.Build;

/// <summary>What one target did in a run.</summary>
public sealed record TargetRecord
{
    public required string Name { get; init; }
    public required TargetStatus Status { get; init; }
    public double DurationSeconds { get; init; }

    /// <summary>sha256 of the declared inputs; null for a target without Inputs (it always runs).</summary>
    public string? Fingerprint { get; init; }

    public InputRecord? Inputs { get; init; }
    public IReadOnlyDictionary<string, ArtifactRef> Outputs { get; init; } = new Dictionary<string, ArtifactRef>();
    public string? Note { get; init; }

    /// <summary>For an up-to-date target: the run whose outputs were reused.</summary>
    public string? ReusedFromRun { get; init; }
}
