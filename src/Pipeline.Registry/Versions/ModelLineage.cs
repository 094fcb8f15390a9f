namespace Pipeline.Registry.Versions;

/// <summary>Where a model version came from: the data it was trained on, the code commit and the training parameters.</summary>
public sealed record ModelLineage
{
    /// <summary>Digest of the training dataset file ("sha256:…").</summary>
    public string? DataDigest { get; init; }

    /// <summary>Digest of the data profile artifact that ValidateData wrote; the drift baseline for the next release.</summary>
    public string? DataProfileDigest { get; init; }

    /// <summary>Git commit the version was built from (with "-dirty" when the tree had changes).</summary>
    public string? Commit { get; init; }

    /// <summary>Run id of the build that produced the version.</summary>
    public string? RunId { get; init; }

    /// <summary>Training parameters, e.g. hyperparameters and the data contract id.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new SortedDictionary<string, string>(StringComparer.Ordinal);
}
