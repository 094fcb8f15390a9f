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

    /// <summary>The distribution in log-spaced bins (four per doubling), for the run report's latency histograms.</summary>
    public IReadOnlyList<LatencyBin> Bins { get; init; } = [];
}

/// <summary>Requests whose latency fell in [LowerMs, UpperMs).</summary>
public readonly record struct LatencyBin(double LowerMs, double UpperMs, long Count);
