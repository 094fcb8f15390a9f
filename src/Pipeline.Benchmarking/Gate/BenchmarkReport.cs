using Pipeline.Core.Verdicts;

namespace Pipeline.Benchmarking.Gate;

/// <summary>The gate's verdict, the measurements behind it, and the latency histogram picture (SVG).</summary>
public sealed record BenchmarkReport
{
    public required Verdict Verdict { get; init; }
    public VariantMeasurement? Candidate { get; init; }
    public VariantMeasurement? Champion { get; init; }

    /// <summary>Candidate cost over champion cost (server CPU per request) judged over the alternating rounds; null without a champion or /proc.</summary>
    public CostComparison? Cost { get; init; }

    /// <summary>What each alternating round measured for the cost comparison.</summary>
    public IReadOnlyList<RoundCost> Rounds { get; init; } = [];
    public string Svg { get; init; } = "";
}
