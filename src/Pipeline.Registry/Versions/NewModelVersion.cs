namespace Pipeline.Registry.Versions;

/// <summary>A version to register; <see cref="Version"/> null lets the registry assign the next "v&lt;n&gt;" label.</summary>
public sealed record NewModelVersion
{
    public required string Model { get; init; }
    public string? Version { get; init; }
    public required string ModelDigest { get; init; }
    public string? ImageDigest { get; init; }

    /// <summary>Evaluation metrics as a JSON object (stored verbatim).</summary>
    public string MetricsJson { get; init; } = "{}";

    public ModelLineage Lineage { get; init; } = new();

    /// <summary>Who registered the version (user, CI job).</summary>
    public string Actor { get; init; } = "pipeline";
}
