using Pipeline.Benchmarking.Latency;
using Pipeline.Benchmarking.Load;

namespace Pipeline.Benchmarking.Gate;

/// <summary>Everything measured for one server (candidate or champion) across all rounds.</summary>
public sealed record VariantMeasurement
{
    public required string Label { get; init; }
    public double StartupSeconds { get; init; }
    public double? ModelLoadMs { get; init; }
    public double? PeakRssMb { get; init; }

    /// <summary>Closed-loop runs, round by round, each concurrency in the policy's order.</summary>
    public IReadOnlyList<LoadSummary> Sweep { get; init; } = [];

    /// <summary>Open-loop runs at the policy rate, one per round.</summary>
    public IReadOnlyList<LoadSummary> OpenLoop { get; init; } = [];

    /// <summary>All open-loop samples merged.</summary>
    public required LatencySummary OpenLoopLatency { get; init; }
    public long Errors { get; init; }

    /// <summary>Server CPU (user + system) per answered request over every closed-loop phase; null where /proc is not available.</summary>
    public double? CpuMicrosecondsPerRequest { get; init; }
}
