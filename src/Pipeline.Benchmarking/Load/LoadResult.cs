using Pipeline.Benchmarking.Latency;

namespace Pipeline.Benchmarking.Load;

/// <summary>What one load run measured: requests, errors, status codes, elapsed time and the latency histogram.</summary>
public sealed record LoadResult
{
    /// <summary>E.g. <c>closed c=32</c> or <c>open 200/s</c>.</summary>
    public required string Mode { get; init; }
    public required long Requests { get; init; }

    /// <summary>Responses outside 2xx plus transport failures.</summary>
    public required long Errors { get; init; }
    public required long TransportErrors { get; init; }
    public required IReadOnlyDictionary<int, long> StatusCounts { get; init; }
    public required TimeSpan Elapsed { get; init; }
    public required LatencyHistogram Latency { get; init; }

    public double ThroughputPerSecond => Elapsed <= TimeSpan.Zero ? 0 : Requests / Elapsed.TotalSeconds;

    public LoadSummary Summarize() => new()
    {
        Mode = Mode,
        Requests = Requests,
        Errors = Errors,
        ThroughputPerSecond = Math.Round(ThroughputPerSecond, 1),
        Latency = Latency.Summarize(),
    };
}

/// <summary>A serializable digest of a <see cref="LoadResult"/>.</summary>
public sealed record LoadSummary
{
    public required string Mode { get; init; }
    public long Requests { get; init; }
    public long Errors { get; init; }
    public double ThroughputPerSecond { get; init; }
    public required LatencySummary Latency { get; init; }
}
