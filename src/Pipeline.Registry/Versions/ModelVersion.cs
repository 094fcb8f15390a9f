namespace Pipeline.Registry.Versions;

/// <summary>A registered model version: label, artifacts by digest, metrics and lineage.</summary>
public sealed record ModelVersion
{
    public required string Model { get; init; }
    public required string Version { get; init; }

    /// <summary>Registration order within the model, starting at 1.</summary>
    public required long Number { get; init; }

    public required string ModelDigest { get; init; }
    public string? ImageDigest { get; init; }
    public required string MetricsJson { get; init; }
    public required ModelLineage Lineage { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required string CreatedBy { get; init; }
}
