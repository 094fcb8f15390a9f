namespace Pipeline.Deployment.Judge.Simulation;

/// <summary>How a simulated variant behaves: error rate, log-normal latency (plus a fixed extra), Beta-distributed scores.</summary>
public sealed record SimulatedVariant
{
    public double ErrorRate { get; init; } = 0.005;
    public double LatencyMedianSeconds { get; init; } = 0.004;
    public double LatencySigma { get; init; } = 0.5;
    public double ExtraLatencySeconds { get; init; }
    public double ScoreAlpha { get; init; } = 0.6;
    public double ScoreBeta { get; init; } = 12;
}
