namespace Pipeline.Core.Monitoring;

/// <summary>One answered row as the prediction log keeps it: id, time, who answered, the (treated) features and the output.</summary>
public sealed record PredictionRecord
{
    public required string Id { get; init; }
    public required DateTimeOffset Time { get; init; }
    public required string Model { get; init; }
    public required string Version { get; init; }
    public required string Variant { get; init; }

    /// <summary>Numbers as doubles, categories as strings, hashed columns as <c>sha256:…</c>, missing values as null; dropped columns absent.</summary>
    public required IReadOnlyDictionary<string, object?> Features { get; init; }

    public required double Score { get; init; }
}
