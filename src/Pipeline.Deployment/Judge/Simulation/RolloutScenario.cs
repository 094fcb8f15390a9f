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

    public static readonly double[] LatencyBounds = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
    public static readonly double[] ScoreBounds = Enumerable.Range(1, 19).Select(i => i / 20.0).Concat([0.01, 0.02, 0.03]).Order().ToArray();
}
