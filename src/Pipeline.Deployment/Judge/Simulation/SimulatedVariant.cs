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

    /// <summary>Multiclass: share of requests predicted as each class (replaces the Beta scores; buckets k + 0.5).</summary>
    public double[]? ClassShares { get; init; }

    /// <summary>Regression: served values ~ Normal(mean, sd) (replaces the Beta scores; buckets from the scenario).</summary>
    public double? ValueMean { get; init; }
    public double ValueSd { get; init; } = 1;

    /// <summary>Labelled answers per request (0 = none): multiclass records the probability of the true class ~ Beta(a, b) with label 1;
    /// regression records label ~ Normal(0, 1) and value = label + Normal(<see cref="ErrorBias"/>, <see cref="ErrorSd"/>).</summary>
    public double LabelledShare { get; init; }
    public double TrueClassAlpha { get; init; } = 8;
    public double TrueClassBeta { get; init; } = 1;
    public double ErrorBias { get; init; }
    public double ErrorSd { get; init; } = 0.5;
}
