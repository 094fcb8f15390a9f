namespace Pipeline.Build;

/// <summary>Record of one run: what was asked, with which parameters, and what each target did, read and wrote.</summary>
public sealed record RunManifest
{
    public required string RunId { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public string? GitCommit { get; init; }
    public bool GitDirty { get; init; }
    public required IReadOnlyList<string> InvokedTargets { get; init; }

    /// <summary>The run's artifact scope (the model it ran for); only runs of the same scope hand outputs to each other.</summary>
    public string? Scope { get; init; }

    /// <summary>Parameter values as text; secrets are <c>***</c>.</summary>
    public required IReadOnlyDictionary<string, string?> Parameters { get; init; }

    public required IReadOnlyList<TargetRecord> Targets { get; init; }

    /// <summary>Succeeded, Failed, or Running while the run is in progress.</summary>
    public required string Outcome { get; init; }
}
