using MathNet.Numerics.Distributions;
using Pipeline.Deployment.Judge;
using Pipeline.Deployment.Judge.Simulation;

namespace Pipeline.Deployment.Tests.Judge;

/// <summary>Online quality inside the judge: labelled answers per variant come with each observation.</summary>
public sealed class OnlineQualityJudgeTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly JudgeSettings Settings = new()
    {
        Steps = [10, 50, 100],
        QualityJudged = true,
        MinRequestsPerStep = 150,
        MinLabelledSamples = 100,
        MaxStepDuration = TimeSpan.FromSeconds(30),
    };

    /// <summary>A subtle loss (≈ 0.19 nats at a 0.05 margin) needs about a thousand labelled canary answers before the band clears the margin.</summary>
    private static readonly JudgeSettings PatientQuality = Settings with { Steps = [25, 100], MinLabelledSamples = 1000, MaxStepDuration = TimeSpan.FromSeconds(60) };

    [Fact]
    public void Observe_CanaryScoresCarryNoInformation_RollsBackOnOnlineLogLossOnly()
    {
        var decision = Run(PatientQuality, informativeCanary: false, seed: 1);

        Assert.Equal(JudgeAction.Rollback, decision.Action);
        var breached = Assert.Single(decision.Metrics, m => m.Status == MetricStatus.Breached);
        Assert.Equal(CanaryJudge.QualityMetric, breached.Metric);
        Assert.Contains("AUC canary", breached.Statistic);
        Assert.Contains(decision.Metrics, m => m.Metric == "score_psi" && m.Status == MetricStatus.Healthy);
    }

    [Fact]
    public void Observe_SameModelWithLabels_PromotesWithoutQualityHoldingSteps()
    {
        var decision = Run(Settings, informativeCanary: true, seed: 2);

        Assert.Equal(JudgeAction.Promote, decision.Action);
        Assert.True(decision.StepElapsed < Settings.MaxStepDuration, decision.Reason);
        Assert.DoesNotContain(decision.Metrics, m => m.Status == MetricStatus.Breached);
    }

    [Fact]
    public void TestAlpha_WithLabels_SplitsTheBudgetOverFiveMetrics()
    {
        Assert.Equal(5, Settings.JudgedMetrics);
        Assert.Equal(0.01 / (2 * 5), Settings.TestAlpha, 12);
        Assert.Equal(0.01 / 5, Settings.QualityAlpha, 12);
        Assert.Equal(4, (Settings with { QualityJudged = false }).JudgedMetrics);
    }

    [Fact]
    public void Observe_InShadow_QualityNotJudgedBecauseClientsSeeOnlyStable()
    {
        var judge = new CanaryJudge(Settings.ForStage(JudgeStage.Shadow), Start);
        var random = new Random(3);
        var d = judge.Observe(new JudgeObservation(Start.AddSeconds(1), 100, Sample(random, 100, true), Sample(random, 100, true)));
        var quality = Assert.Single(d.Metrics, m => m.Metric == CanaryJudge.QualityMetric);
        Assert.Equal(MetricStatus.NotJudged, quality.Status);
        Assert.Contains("shadow", quality.Threshold);
    }

    /// <summary>300 requests/s split by the step's weight, one scrape per 0.5 s, every answer labelled.</summary>
    private static JudgeDecision Run(JudgeSettings settings, bool informativeCanary, int seed)
    {
        var random = new Random(seed);
        var judge = new CanaryJudge(settings, Start);
        for (var t = 1; t <= 400; t++)
        {
            var canaryRequests = (int)Math.Round(150 * judge.CurrentWeightPercent / 100);
            var d = judge.Observe(new JudgeObservation(Start.AddSeconds(t * 0.5), judge.CurrentWeightPercent,
                Sample(random, 150 - canaryRequests, true), Sample(random, canaryRequests, informativeCanary)));
            if (d.IsFinal) return d;
        }
        throw new InvalidOperationException("no final decision");
    }

    private static VariantSample Sample(Random random, int requests, bool informative)
    {
        var latency = new long[RolloutScenario.LatencyBounds.Length + 1];
        var scores = new long[RolloutScenario.ScoreBounds.Length + 1];
        var labelled = new List<LabelledScore>();
        for (var i = 0; i < requests; i++)
        {
            latency[3]++;
            var p = Beta.Sample(random, 1.2, 4);
            var label = random.NextDouble() < p ? 1f : 0f;
            var score = informative ? p : Beta.Sample(random, 1.2, 4);
            var bucket = Array.BinarySearch(RolloutScenario.ScoreBounds, score);
            scores[bucket >= 0 ? bucket : ~bucket]++;
            labelled.Add(new LabelledScore(label, (float)score));
        }
        return new VariantSample
        {
            Requests = requests,
            Latency = new HistogramCounts(RolloutScenario.LatencyBounds, latency),
            Scores = new HistogramCounts(RolloutScenario.ScoreBounds, scores),
            Labelled = labelled,
        };
    }
}
