namespace Pipeline.Benchmarking.Latency;

/// <summary>Percentiles of one latency histogram, in milliseconds.</summary>
public sealed record LatencySummary
{
    public long Count { get; init; }
    public double MeanMs { get; init; }
    public double P50Ms { get; init; }
    public double P95Ms { get; init; }
    public double P99Ms { get; init; }
    public double P999Ms { get; init; }
    public double MaxMs { get; init; }
}
