using Pipeline.Core.Verdicts;

namespace Pipeline.Benchmarking.Gate;

/// <summary>The gate's verdict, the measurements behind it, and the latency histogram picture (SVG).</summary>
public sealed record BenchmarkReport
{
    public required Verdict Verdict { get; init; }
    public VariantMeasurement? Candidate { get; init; }
    public VariantMeasurement? Champion { get; init; }

    /// <summary>Candidate p99 / champion p99 at the policy rate, pooled over the alternating rounds, with its bootstrap interval.</summary>
    public PercentileRatio? P99Ratio { get; init; }
    public string Svg { get; init; } = "";
}
