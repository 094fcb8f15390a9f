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

    /// <summary>β of the error test in the step whose pass promotes (half of <see cref="Beta"/>): that acceptance is the only one that lets a
    /// canary through, and its H1 is estimated from stable's sample, so it gets the margin. Costs ~10 % longer A/A rollouts where errors are rare.</summary>
    public double PromotingBeta => Beta / 2;

    /// <summary>Smallest absolute error-rate increase to detect (H1: p ≥ stable's measured rate r + max(this, r·(ratio-1))); see <see cref="ErrorHypotheses(double, double)"/>.</summary>
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

    /// <summary>Online quality is judged only when labels come with the traffic (replayed holdout rows).</summary>
    public bool QualityJudged { get; init; }
    public double MaxLogLossIncrease { get; init; } = 0.05;
    public double MaxAucDecrease { get; init; } = 0.02;

    /// <summary>Regression: online quality compares mean squared error (canary − stable) against <see cref="MaxLogLossIncrease"/>,
    /// which then holds the largest tolerated squared-error increase in label units²; AUC is not reported.</summary>
    public bool QualitySquaredError { get; init; }

    /// <summary>Labelled canary answers a step needs before it can pass early, so quality gets one fair look per step.</summary>
    public long MinLabelledSamples { get; init; } = 100;

    /// <summary>Smallest canary sample of a step before it can pass, so a step never passes on a handful of requests.</summary>
    public long MinRequestsPerStep { get; init; } = 100;
    public TimeSpan MaxStepDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Time budget of the whole rollout (not of a bake window): a step short of evidence extends within it, and a rollout that
    /// reaches it without a breach ends <see cref="JudgeAction.Inconclusive"/>.</summary>
    public TimeSpan MaxRolloutDuration { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>What the controller does with an inconclusive rollout.</summary>
    public InconclusivePolicy OnInconclusive { get; init; } = InconclusivePolicy.Hold;

    /// <summary>Highest weight (percent) the planner may raise a step to when the traffic is too low for its own weight; 0 never raises.</summary>
    public double MaxStepWeight { get; init; }

    /// <summary>The release's strategy: decides which stages share the budget.</summary>
    public RolloutStrategy Strategy { get; init; } = RolloutStrategy.Canary;

    /// <summary>What this judge instance watches (set per stage by the controller).</summary>
    public JudgeStage Stage { get; init; } = JudgeStage.Canary;

    /// <summary>Share of requests mirrored to the candidate in shadow, percent.</summary>
    public double ShadowPercent { get; init; } = 100;

    /// <summary>Blue-green bake window: the judge watches the new stable this long after the switch.</summary>
    public TimeSpan BakeDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The weights this stage judges: the canary steps, the shadow mirror share, or 100 % for a bake.</summary>
    public IReadOnlyList<double> StageWeights => Stage switch
    {
        JudgeStage.Shadow => [ShadowPercent],
        JudgeStage.Bake => [100],
        _ => Steps,
    };

    public int JudgedSteps => Math.Max(1, Steps.Count(s => s < 100));

    /// <summary>Every judged stage of the release: canary steps, plus the shadow stage, or blue-green's verification and bake.</summary>
    public int JudgedStages => Strategy switch
    {
        RolloutStrategy.BlueGreen => 2,
        RolloutStrategy.ShadowThenCanary => JudgedSteps + 1,
        _ => JudgedSteps,
    };

    /// <summary>Error rate, latency, score PSI, shadow disagreement, and online quality when labels come with the traffic.</summary>
    public int JudgedMetrics => QualityJudged ? 5 : 4;

    /// <summary>Online quality's alpha: its metric's whole share of the budget, spent by one test across the stage that judges it
    /// (canary steps, or the blue-green bake; shadow does not judge quality), since quality does not depend on the traffic share.</summary>
    public double QualityAlpha => FalseRollbackBudget / JudgedMetrics;

    /// <summary>Per-test alpha: the budget split evenly (Bonferroni) over judged stages and metrics.</summary>
    public double TestAlpha => FalseRollbackBudget / (JudgedStages * JudgedMetrics);

    /// <summary>The error-rate SPRT's hypotheses: H0 at <paramref name="stableBound"/>, an upper bound of stable's rate (at least the floor),
    /// which keeps false rollbacks of a canary as good as stable within α; H1 at the detectable effect above <paramref name="stableEstimate"/>,
    /// stable's measured rate, so that β holds at the rate a faulty canary really shows (ratio × stable's true rate, not × its bound).</summary>
    /// <remarks>Wald's α bound depends only on H0 (any H1 above it keeps the likelihood ratio a martingale under H0), so moving H1 to the
    /// point estimate costs no false-rollback budget. H1 stays at least halfway between H0 and the effect above H0 while stable's evidence
    /// is so thin that its bound is far above its estimate.</remarks>
    public (double P0, double P1) ErrorHypotheses(double stableBound, double stableEstimate)
    {
        // Capped below 0.999 so H1 stays above H0 while stable's evidence is a handful of requests (one error in one request bounds nothing).
        var p0 = Math.Min(0.99, Math.Max(ErrorRateFloor, stableBound));
        var target = Effect(Math.Max(ErrorRateFloor, Math.Min(stableEstimate, stableBound)));
        var atLeast = p0 + (Effect(p0) - p0) / 2;
        return (p0, Math.Min(0.999, Math.Max(target, atLeast)));
    }

    /// <summary>Both hypotheses from one rate (H1 the effect above H0).</summary>
    public (double P0, double P1) ErrorHypotheses(double stableRate) => ErrorHypotheses(stableRate, stableRate);

    private double Effect(double rate) => Math.Max(rate * ErrorRateRatio, rate + ErrorRateIncrease);

    public static JudgeSettings From(RolloutPolicy policy)
    {
        var errors = new List<string>();
        if (policy.ShadowPercent is <= 0 or > 100 || double.IsNaN(policy.ShadowPercent))
            errors.Add($"rollout.shadowPercent: {policy.ShadowPercent} is outside (0, 100]; give the share of requests mirrored in shadow, e.g. 100.");
        if (!(policy.BakeSeconds > 0)) errors.Add($"rollout.bakeSeconds: {policy.BakeSeconds} must be > 0; give the blue-green bake window, e.g. 30.");
        if (!(policy.MaxLogLossIncrease >= 0)) errors.Add($"rollout.maxLogLossIncrease: {policy.MaxLogLossIncrease} must be ≥ 0 (nats), e.g. 0.05.");
        if (!(policy.MaxAucDecrease >= 0)) errors.Add($"rollout.maxAucDecrease: {policy.MaxAucDecrease} must be ≥ 0, e.g. 0.02.");
        if (!(policy.MaxRolloutMinutes > 0))
            errors.Add($"rollout.maxRolloutMinutes: {policy.MaxRolloutMinutes} must be > 0; give the whole rollout's time budget, e.g. 30.");
        if (policy.MaxStepWeight is < 0 or >= 100 || double.IsNaN(policy.MaxStepWeight))
            errors.Add($"rollout.maxStepWeight: {policy.MaxStepWeight} is outside [0, 100); give the highest weight a step may be raised to, e.g. 25, or 0 to keep the steps' weights.");
        if (InconclusivePolicies.TryParse(policy.OnInconclusive) is null) errors.Add(InconclusivePolicies.Error(policy.OnInconclusive));
        if (errors.Count > 0) throw new ArgumentException(string.Join(Environment.NewLine, errors));
        return FromValid(policy);
    }

    private static JudgeSettings FromValid(RolloutPolicy policy) => new()
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
        MaxRolloutDuration = TimeSpan.FromMinutes(policy.MaxRolloutMinutes),
        OnInconclusive = InconclusivePolicies.TryParse(policy.OnInconclusive)!.Value,
        MaxStepWeight = policy.MaxStepWeight,
        Strategy = RolloutStrategies.Parse(policy.Strategy),
        ShadowPercent = policy.ShadowPercent,
        BakeDuration = TimeSpan.FromSeconds(policy.BakeSeconds),
        MaxLogLossIncrease = policy.MaxLogLossIncrease,
        MaxAucDecrease = policy.MaxAucDecrease,
        MinLabelledSamples = Math.Max(30, Math.Min(100, policy.MinRequestsPerStep)),
    };

    /// <summary>Settings of one stage (same budget split): shadow judges the mirror share as its single step, bake the new stable at 100 % for the bake window.</summary>
    public JudgeSettings ForStage(JudgeStage stage) => stage switch
    {
        JudgeStage.Shadow => this with { Stage = stage },
        // Bake tests must not settle early (a decided SPRT ignores later data, and a fault can start mid-window): β near 0 keeps
        // them watching; α, the false switch-back bound, is unchanged.
        JudgeStage.Bake => this with { Stage = stage, MaxStepDuration = BakeDuration, Beta = 1e-9 },
        _ => this with { Stage = stage },
    };
}
