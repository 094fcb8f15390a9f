namespace Pipeline.Core.Models;

/// <summary>How a new version reaches production traffic and what the judge watches.</summary>
public sealed record RolloutPolicy
{
    /// <summary><c>canary</c>, <c>blue-green</c> or <c>shadow-then-canary</c>.</summary>
    public string Strategy { get; init; } = "canary";

    /// <summary>Canary traffic percentages, ending at 100.</summary>
    public List<double> Steps { get; init; } = [5, 25, 50, 100];

    public int MinRequestsPerStep { get; init; } = 300;

    /// <summary>A step's nominal maximum: a step with its minimum requests and no breach advances then; one short of them extends.</summary>
    public double MaxStepSeconds { get; init; } = 30;

    /// <summary>Time budget of the whole rollout: steps short of evidence extend within it; when it runs out without a breach the rollout is inconclusive.</summary>
    public double MaxRolloutMinutes { get; init; } = 30;

    /// <summary>What an inconclusive rollout does: <c>hold</c> (the canary keeps its weight until Promote or Rollback by hand), <c>rollback</c> or <c>promote</c>.</summary>
    public string OnInconclusive { get; init; } = "hold";

    /// <summary>Highest canary weight (percent) a step may be raised to when the observed traffic is too low for its own weight; 0 never raises.</summary>
    public double MaxStepWeight { get; init; }

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

    /// <summary>Shadow: a canary prediction further than this from stable's counts as a disagreement, in the prediction's units
    /// (default: 0.05 probability for binary; any class flip for multiclass; a quarter of the training labels' SD for regression).</summary>
    public double? ShadowTolerance { get; init; }

    /// <summary>Regression online quality: largest tolerated mean squared error increase, canary − stable, in label units²
    /// (default: a tenth of the training labels' variance).</summary>
    public double? MaxSquaredErrorIncrease { get; init; }
}
