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

    /// <summary>Share of requests (percent) mirrored to the candidate in shadow (<c>shadow-then-canary</c>, and blue-green verification).</summary>
    public double ShadowPercent { get; init; } = 100;

    /// <summary>Blue-green: seconds the old stable stays warm as previous after the switch while the judge still watches.</summary>
    public double BakeSeconds { get; init; } = 30;

    /// <summary>Online quality, judged only when labels come with the traffic: largest tolerated log-loss increase, canary − stable.</summary>
    public double MaxLogLossIncrease { get; init; } = 0.05;

    /// <summary>Online quality evidence: largest tolerated AUC decrease, stable − canary (reported, not a rollback trigger).</summary>
    public double MaxAucDecrease { get; init; } = 0.02;
}
