using Pipeline.Core.Models;
using Pipeline.Deployment.Judge;

namespace Pipeline.Deployment.Tests.Judge;

public sealed class RolloutPlannerTests
{
    private static readonly RolloutPolicy Policy = new() { Steps = [1, 50, 100], MinRequestsPerStep = 50, MaxStepSeconds = 10, MaxRolloutMinutes = 1 };

    [Fact]
    public void Plan_TenRequestsPerSecondWithoutMaxStepWeight_KeepsOnePercentAndSaysTheBudgetIsTooShort()
    {
        var plan = RolloutPlanner.Plan(JudgeSettings.From(Policy), requestsPerSecond: 10, stableErrorRate: 0);

        Assert.Equal([1, 50, 100], plan.Weights);
        Assert.False(plan.Steps[0].Raised);
        Assert.Equal(500, plan.Steps[0].ExpectedSeconds, 1);      // 50 requests at 0.1 canary requests/s
        Assert.False(plan.FitsBudget);
        Assert.Contains(plan.Describe(), l => l.Contains("expect an inconclusive result", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_TenRequestsPerSecondWithMaxStepWeight_RaisesTheFirstStepOnlyAsFarAsAllowedAndSaysSo()
    {
        var plan = RolloutPlanner.Plan(JudgeSettings.From(Policy with { MaxStepWeight = 25 }), requestsPerSecond: 10, stableErrorRate: 0);

        Assert.Equal([25, 50, 100], plan.Weights);                 // 50 % would be needed for 50 requests in 10 s; the policy allows 25 %
        Assert.True(plan.Steps[0].Raised);
        Assert.False(plan.Steps[1].Raised);
        Assert.Contains(plan.Describe(), l => l.Contains("step 25 % (raised from 1 % by maxStepWeight", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_HighTraffic_NeverRaisesAndExpectsPromotionWithinTheBudget()
    {
        var plan = RolloutPlanner.Plan(JudgeSettings.From(Policy with { MaxStepWeight = 25, MaxRolloutMinutes = 30 }), requestsPerSecond: 2000, stableErrorRate: 0.01);

        Assert.Equal([1, 50, 100], plan.Weights);
        Assert.True(plan.FitsBudget, string.Join("\n", plan.Describe()));
        Assert.NotNull(plan.DetectionSeconds());
    }

    [Fact]
    public void ErrorHypotheses_BoundAboveTheEstimate_KeepsH0AtTheBoundAndPutsH1AtTwiceTheEstimate()
    {
        var settings = JudgeSettings.From(Policy with { MaxErrorRateIncrease = 0 });

        var (p0, p1) = settings.ErrorHypotheses(stableBound: 0.0115, stableEstimate: 0.01);

        Assert.Equal(0.0115, p0, 6);     // false rollbacks are bounded at the bound, as before
        Assert.Equal(0.02, p1, 6);       // the doubled rate a faulty canary shows, not 2 × the bound (0.023)
    }

    [Fact]
    public void ErrorHypotheses_ThinStableEvidence_KeepsH1AtLeastHalfwayAboveH0()
    {
        var settings = JudgeSettings.From(Policy with { MaxErrorRateIncrease = 0 });

        var (p0, p1) = settings.ErrorHypotheses(stableBound: 0.01, stableEstimate: 0.002);   // bound 5× the estimate: a few stable errors

        Assert.Equal(0.01, p0, 6);
        Assert.Equal(0.015, p1, 6);
    }

    [Fact]
    public void Plan_FewStableErrors_ExpectsTheSampleOfTheTestTheJudgeRuns()
    {
        var settings = JudgeSettings.From(Policy with { MaxErrorRateIncrease = 0, MaxRolloutMinutes = 30 });
        var (p0, p1) = settings.ErrorHypotheses(0.001);
        var exact = BernoulliSprt.ExpectedTrials(settings.TestAlpha, settings.Beta, p0, p1, p1);

        var plan = RolloutPlanner.Plan(settings, requestsPerSecond: 200, stableErrorRate: 0.001);

        // H0 sits at stable's bound, above 0.1 %, so a doubled canary drifts more slowly than with H0 at the exact rate.
        Assert.True(plan.Steps[0].DetectRequests > 1.1 * exact, $"{plan.Steps[0].DetectRequests} vs {exact}");
    }

    [Fact]
    public void Plan_NoTraffic_ExpectsNeverAndNoDetection()
    {
        var plan = RolloutPlanner.Plan(JudgeSettings.From(Policy), requestsPerSecond: 0, stableErrorRate: 0);

        Assert.True(double.IsPositiveInfinity(plan.ExpectedSeconds));
        Assert.Null(plan.DetectionSeconds());
        Assert.Contains(plan.Describe(), l => l.Contains("never (no canary traffic)", StringComparison.Ordinal));
    }

    [Fact]
    public void From_UnknownOnInconclusiveAndBadBudget_ListsEveryErrorWithItsFix()
    {
        var e = Assert.Throws<ArgumentException>(() => JudgeSettings.From(Policy with { OnInconclusive = "wait", MaxRolloutMinutes = 0, MaxStepWeight = 100 }));

        Assert.Contains("rollout.onInconclusive: 'wait'", e.Message);
        Assert.Contains("expected hold, rollback or promote", e.Message);
        Assert.Contains("rollout.maxRolloutMinutes: 0 must be > 0", e.Message);
        Assert.Contains("rollout.maxStepWeight: 100", e.Message);
    }

    [Fact]
    public void From_PolicyWithoutTheNewFields_HoldsWithinThirtyMinutesAndNeverRaises()
    {
        var settings = JudgeSettings.From(new RolloutPolicy());

        Assert.Equal(InconclusivePolicy.Hold, settings.OnInconclusive);
        Assert.Equal(TimeSpan.FromMinutes(30), settings.MaxRolloutDuration);
        Assert.Equal(0, settings.MaxStepWeight);
    }
}
