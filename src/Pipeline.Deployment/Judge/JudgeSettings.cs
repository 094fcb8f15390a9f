using Pipeline.Core.Models;

namespace Pipeline.Deployment.Judge;

/// <summary>The judge's statistical settings, derived from a rollout policy; defaults follow the policy's error budget.</summary>
public sealed record JudgeSettings
{
    /// <summary>Canary weights in percent, ending at 100; the last step is reached by promotion, not judged.</summary>
    public required IReadOnlyList<double> Steps { get; init; }

    /// <summary>Total probability of rolling back a canary that is as good as stable, split over judged steps and metrics.</summary>
    public double FalseRollbackBudget { get; init; } = 0.01;

    /// <summary>Probability of passing a step when the canary is exactly at the H1 bar.</summary>
    public double Beta { get; init; } = 0.02;

    /// <summary>Smallest absolute error-rate increase to detect (H1: p ≥ p0 + max(this, p0·(ratio-1))).</summary>
    public double ErrorRateIncrease { get; init; } = 0.01;
    public double ErrorRateRatio { get; init; } = 2.0;
    public double ErrorRateFloor { get; init; } = 0.001;

    /// <summary>Latency bar: stable p99 plus this margin; H0 share of canary requests above it 1 %, H1 5 %.</summary>
    public double LatencyMarginSeconds { get; init; } = 0.05;
    public double LatencyH0Share { get; init; } = 0.01;
    public double LatencyH1Share { get; init; } = 0.05;
    public long MinStableLatencySamples { get; init; } = 100;

    public double MaxScorePsi { get; init; } = 0.2;
    public long MinScoreSamples { get; init; } = 200;

    public double MaxShadowDisagreement { get; init; } = 0.05;

    /// <summary>Smallest canary sample of a step before it can pass, so a step never passes on a handful of requests.</summary>
    public long MinRequestsPerStep { get; init; } = 100;
    public TimeSpan MaxStepDuration { get; init; } = TimeSpan.FromSeconds(30);

    public int JudgedSteps => Math.Max(1, Steps.Count(s => s < 100));

    /// <summary>Per-test alpha: the budget split evenly (Bonferroni) over judged steps and the four metrics.</summary>
    public double TestAlpha => FalseRollbackBudget / (JudgedSteps * 4);

    public static JudgeSettings From(RolloutPolicy policy) => new()
    {
        Steps = policy.Steps,
        FalseRollbackBudget = policy.FalseRollbackBudget,
        ErrorRateIncrease = policy.MaxErrorRateIncrease,
        LatencyMarginSeconds = policy.MaxP99LatencyIncreaseMs / 1000.0,
        MaxScorePsi = policy.MaxScorePsi,
        MaxShadowDisagreement = policy.MaxShadowDisagreement,
        MinRequestsPerStep = Math.Max(1, policy.MinRequestsPerStep),
        MinScoreSamples = Math.Max(50, Math.Min(200, policy.MinRequestsPerStep)),
        MaxStepDuration = TimeSpan.FromSeconds(policy.MaxStepSeconds),
    };
}
