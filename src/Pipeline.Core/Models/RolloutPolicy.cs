namespace Pipeline.Core.Models;

/// <summary>How a new version reaches production traffic and what the judge watches.</summary>
public sealed record RolloutPolicy
{
    /// <summary><c>canary</c>, <c>blue-green</c> or <c>shadow-then-canary</c>.</summary>
    public string Strategy { get; init; } = "canary";

    /// <summary>Canary traffic percentages, ending at 100.</summary>
    public List<double> Steps { get; init; } = [5, 25, 50, 100];

    public int MinRequestsPerStep { get; init; } = 300;
    public double MaxStepSeconds { get; init; } = 30;

    /// <summary>Replay rate (requests/s) for <c>--traffic replay</c>.</summary>
    public int ReplayRatePerSecond { get; init; } = 200;

    /// <summary>Probability budget of rolling back a canary that is in fact as good as stable.</summary>
    public double FalseRollbackBudget { get; init; } = 0.01;

    public double MaxErrorRateIncrease { get; init; } = 0.01;
    public double MaxP99LatencyIncreaseMs { get; init; } = 50;
    public double MaxScorePsi { get; init; } = 0.2;
    public double MaxShadowDisagreement { get; init; } = 0.05;
}
