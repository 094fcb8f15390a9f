using Pipeline.Deployment.Judge;
using Pipeline.Deployment.Judge.Simulation;

namespace Pipeline.Deployment.Tests.Judge;

/// <summary>The shadow stage (shadow-then-canary, blue-green verification) and the blue-green bake window, fed synthetic scrapes.</summary>
public sealed class JudgeStageTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Scrape = TimeSpan.FromMilliseconds(500);

    private static readonly JudgeSettings Settings = new()
    {
        Steps = [10, 50, 100],
        Strategy = RolloutStrategy.ShadowThenCanary,
        ShadowPercent = 100,
        MinRequestsPerStep = 150,
        MaxStepDuration = TimeSpan.FromSeconds(30),
        BakeDuration = TimeSpan.FromSeconds(10),
    };

    [Fact]
    public void Observe_ShadowCandidateAgrees_PassesAndLeavesShadow()
    {
        var judge = new CanaryJudge(Settings.ForStage(JudgeStage.Shadow), Start);
        var random = new Random(1);

        var decision = Run(judge, random, until: TimeSpan.FromSeconds(60), t => Shadow(random, 100, errorRate: 0.005, disagreement: 0.002));

        Assert.Equal(JudgeAction.Pass, decision.Action);
        Assert.Contains("leaves shadow", decision.Reason);
        Assert.Contains(decision.Metrics, m => m.Metric == "shadow_disagreement" && m.Status == MetricStatus.Healthy && m.CanarySamples > 0);
    }

    [Fact]
    public void Observe_ShadowCandidateDisagreesOnOneInFive_RollsBackInShadowOnDisagreement()
    {
        var judge = new CanaryJudge(Settings.ForStage(JudgeStage.Shadow), Start);
        var random = new Random(2);

        var decision = Run(judge, random, until: TimeSpan.FromSeconds(60), t => Shadow(random, 100, errorRate: 0.005, disagreement: 0.2));

        Assert.Equal(JudgeAction.Rollback, decision.Action);
        var breached = Assert.Single(decision.Metrics, m => m.Status == MetricStatus.Breached);
        Assert.Equal("shadow_disagreement", breached.Metric);
        Assert.Contains("in shadow", decision.Reason);
        Assert.True(decision.StepElapsed < TimeSpan.FromSeconds(5), $"took {decision.StepElapsed}");
    }

    [Fact]
    public void Observe_ShadowCandidateFailsOneInFive_RollsBackOnErrorRate()
    {
        var judge = new CanaryJudge(Settings.ForStage(JudgeStage.Shadow), Start);
        var random = new Random(3);

        var decision = Run(judge, random, until: TimeSpan.FromSeconds(60), t => Shadow(random, 100, errorRate: 0.2, disagreement: 0.002));

        Assert.Equal(JudgeAction.Rollback, decision.Action);
        Assert.Contains(decision.Metrics, m => m.Metric == "error_rate" && m.Status == MetricStatus.Breached);
    }

    [Fact]
    public void Observe_BakeNewStableHealthy_PassesWhenTheWindowEndsNotBefore()
    {
        var random = new Random(4);
        var bake = new CanaryJudge(Settings.ForStage(JudgeStage.Bake), Start, Baseline(random));
        var decisions = new List<JudgeDecision>();

        var decision = Run(bake, random, until: TimeSpan.FromSeconds(30), t => Bake(random, 100, errorRate: 0.005), decisions);

        Assert.Equal(JudgeAction.Pass, decision.Action);
        Assert.InRange(decision.StepElapsed, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10.5));
        Assert.All(decisions.SkipLast(1), d => Assert.Equal(JudgeAction.Continue, d.Action));
        Assert.Contains("bake window", decision.Reason);
    }

    [Fact]
    public void Observe_BakeNewStableStartsFailingMidWindow_SwitchesBackWithinTheWindow()
    {
        var random = new Random(5);
        var bake = new CanaryJudge(Settings.ForStage(JudgeStage.Bake) with { BakeDuration = TimeSpan.FromSeconds(30), MaxStepDuration = TimeSpan.FromSeconds(30) },
            Start, Baseline(random));

        // Healthy for 8 s (long enough for a test with ordinary β to settle), then one request in three fails.
        var decision = Run(bake, random, until: TimeSpan.FromSeconds(40), t => Bake(random, 100, errorRate: t < TimeSpan.FromSeconds(8) ? 0.005 : 0.33));

        Assert.Equal(JudgeAction.Rollback, decision.Action);
        Assert.Contains(decision.Metrics, m => m.Metric == "error_rate" && m.Status == MetricStatus.Breached);
        Assert.Contains("bake window", decision.Reason);
        Assert.InRange(decision.StepElapsed, TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(12));
    }

    [Fact]
    public void Observe_BakeNewStableHealthy_NoFalseSwitchBackOver200Windows()
    {
        var falseSwitchBacks = 0;
        for (var seed = 0; seed < 200; seed++)
        {
            var random = new Random(1000 + seed);
            var bake = new CanaryJudge(Settings.ForStage(JudgeStage.Bake), Start, Baseline(random));
            if (Run(bake, random, until: TimeSpan.FromSeconds(30), t => Bake(random, 100, errorRate: 0.005)).Action == JudgeAction.Rollback) falseSwitchBacks++;
        }
        Assert.True(falseSwitchBacks <= 2, $"{falseSwitchBacks} of 200 healthy bakes switched back");
    }

    [Theory]
    [InlineData(RolloutStrategy.Canary, 2)]
    [InlineData(RolloutStrategy.ShadowThenCanary, 3)]
    [InlineData(RolloutStrategy.BlueGreen, 2)]
    public void TestAlpha_Strategy_SplitsTheBudgetOverEveryJudgedStage(RolloutStrategy strategy, int stages)
    {
        var settings = Settings with { Strategy = strategy, FalseRollbackBudget = 0.012 };
        Assert.Equal(stages, settings.JudgedStages);
        Assert.Equal(0.012 / (stages * settings.JudgedMetrics), settings.TestAlpha, 12);
        Assert.Equal(settings.TestAlpha, settings.ForStage(JudgeStage.Shadow).TestAlpha, 12);
        Assert.Equal(settings.TestAlpha, settings.ForStage(JudgeStage.Bake).TestAlpha, 12);
    }

    private static JudgeDecision Run(CanaryJudge judge, Random random, TimeSpan until, Func<TimeSpan, (VariantSample Stable, VariantSample Canary)> next, List<JudgeDecision>? seen = null)
    {
        for (var t = Scrape; t <= until; t += Scrape)
        {
            var (stable, canary) = next(t);
            var d = judge.Observe(new JudgeObservation(Start + t, judge.CurrentWeightPercent, stable, canary));
            seen?.Add(d);
            if (d.IsFinal) return d;
        }
        throw new InvalidOperationException($"no final decision within {until}");
    }

    /// <summary>What the old stable showed before the switch: 2000 requests at 0.5 % errors.</summary>
    private static StableBaseline Baseline(Random random)
    {
        var s = Sample(random, 2000, 0.005);
        return new StableBaseline(s.Requests, s.Errors, s.Latency, s.Scores);
    }

    private static (VariantSample, VariantSample) Shadow(Random random, int requests, double errorRate, double disagreement)
    {
        var canary = Sample(random, requests, errorRate);
        var disagreed = Enumerable.Range(0, requests).Count(_ => random.NextDouble() < disagreement);
        return (Sample(random, requests, 0.005), canary with { ShadowComparisons = requests, ShadowDisagreements = disagreed });
    }

    private static (VariantSample, VariantSample) Bake(Random random, int requests, double errorRate) => (Sample(random, 0, 0), Sample(random, requests, errorRate));

    private static VariantSample Sample(Random random, int requests, double errorRate)
    {
        var latency = new long[RolloutScenario.LatencyBounds.Length + 1];
        var scores = new long[RolloutScenario.ScoreBounds.Length + 1];
        var errors = 0;
        for (var i = 0; i < requests; i++)
        {
            if (random.NextDouble() < errorRate) errors++;
            latency[3 + random.Next(2)]++;
            scores[random.Next(scores.Length)]++;
        }
        return new VariantSample
        {
            Requests = requests, Errors = errors,
            Latency = new HistogramCounts(RolloutScenario.LatencyBounds, latency),
            Scores = new HistogramCounts(RolloutScenario.ScoreBounds, scores),
        };
    }
}
