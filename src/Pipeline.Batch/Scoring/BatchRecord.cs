namespace Pipeline.Batch.Scoring;

/// <summary>What a ScoreBatch run wrote, kept in the run manifest and the registry: batch, model version and digest, input, output, rows.</summary>
public sealed record BatchRecord
{
    public required string BatchId { get; init; }
    public required string Model { get; init; }
    public required string Version { get; init; }
    public required string ModelDigest { get; init; }
    public required string Input { get; init; }
    public required string Output { get; init; }
    public required long Rows { get; init; }
    public long ResumedRows { get; init; }
    public double Seconds { get; init; }
    public double RowsPerSecond { get; init; }
}
