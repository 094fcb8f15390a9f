namespace Pipeline.Core.Monitoring;

/// <summary>The histogram upper bounds of the gateway's per-variant latency and score metrics, which the canary judge and its simulator read.</summary>
/// <remarks>One definition, so the simulator judges the buckets the gateway really exposes. Latency is finer between 50 ms and 500 ms
/// so that a stable p99 of 50–100 ms and a canary slowed by 200 ms fall into different buckets; scores are finer below 0.05,
/// where a fraud-like model puts most of its rows.</remarks>
public static class RolloutBuckets
{
    /// <summary>Latency upper bounds in seconds, ascending.</summary>
    public static IReadOnlyList<double> LatencySeconds { get; } =
        [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 1, 2.5, 5, 10];

    /// <summary>Score upper bounds in [0, 1], ascending.</summary>
    public static IReadOnlyList<double> Scores { get; } =
        [0.001, 0.002, 0.005, 0.01, 0.02, 0.03, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 1];
}
