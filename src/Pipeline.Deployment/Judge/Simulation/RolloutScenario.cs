using Pipeline.Core.Monitoring;

namespace Pipeline.Deployment.Judge.Simulation;

/// <summary>A simulated rollout: stable and canary behaviour, replay rate, scrape interval, and when a canary fault starts.</summary>
public sealed record RolloutScenario
{
    public SimulatedVariant Stable { get; init; } = new();
    public SimulatedVariant Canary { get; init; } = new();

    /// <summary>The canary behaves like stable until this time, then like <see cref="Canary"/>; zero means faulty from the start.</summary>
    public TimeSpan FaultOnset { get; init; }

    public double RequestsPerSecond { get; init; } = 200;
    public TimeSpan ScrapeInterval { get; init; } = TimeSpan.FromMilliseconds(500);
    public TimeSpan MaxDuration { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Stable-only traffic observed before the first step to plan the rollout (as the controller does); zero plans from the nominal rate without observing.</summary>
    public TimeSpan PlanWindow { get; init; }

    /// <summary>The gateway's latency buckets (<see cref="RolloutBuckets"/>), so the simulator judges what a real rollout exposes.</summary>
    public static readonly double[] LatencyBounds = [.. RolloutBuckets.LatencySeconds];
    public static readonly double[] ScoreBounds = [.. RolloutBuckets.Scores];

    /// <summary>Histogram bounds of the served prediction (the task's <see cref="PredictionBuckets"/>); probability buckets by default.</summary>
    public double[] PredictionBounds { get; init; } = ScoreBounds;

    /// <summary>Labelled answers are regression pairs (value, label) rather than probabilities.</summary>
    public bool RegressionLabels { get; init; }
}
