using MathNet.Numerics.Distributions;
using Pipeline.Deployment.Judge;

namespace Pipeline.Deployment.Tests.Judge;

/// <summary>The online-quality test on simulated labelled traffic: calibrated stable scores (label ~ Bernoulli(score)); the canary
/// either the same model or one whose scores have the same distribution but carry no information (PSI cannot see it).</summary>
public sealed class LogLossDifferenceTestTests
{
    [Fact]
    public void Assess_SameModelNoMargin_FalseAlarmsWithinAlphaOverRepeatedLooks()
    {
        const int runs = 400;
        const double alpha = 0.05;
        var alarms = Enumerable.Range(0, runs).Count(seed => Run(seed, informativeCanary: true, margin: 0, alpha) == MetricStatus.Breached);
        Assert.True(alarms <= runs * alpha, $"{alarms} of {runs} rollouts of an identical canary breached at α={alpha} (bound {runs * alpha})");
    }

    [Fact]
    public void Assess_SameModelJudgeDefaults_NoFalseAlarms()
    {
        var alarms = Enumerable.Range(1000, 300).Count(seed => Run(seed, informativeCanary: true, margin: 0.05, alpha: 0.002) == MetricStatus.Breached);
        Assert.Equal(0, alarms);
    }

    [Fact]
    public void Assess_UninformativeCanarySameScoreDistribution_Detected()
    {
        var detected = Enumerable.Range(2000, 100).Count(seed => Run(seed, informativeCanary: false, margin: 0.05, alpha: 0.002) == MetricStatus.Breached);
        Assert.True(detected >= 95, $"detected in {detected} of 100");
    }

    [Fact]
    public void Assess_TooFewSamples_CollectingWithNoDifference()
    {
        var stable = new LabelledStats();
        stable.Add([new LabelledScore(1, 0.9f), new LabelledScore(0, 0.1f)]);
        var r = LogLossDifferenceTest.Assess(stable, new LabelledStats(), 0.05, 0.01, minSamples: 2);
        Assert.Equal(MetricStatus.Collecting, r.Status);
        Assert.True(double.IsNaN(r.Difference));
    }

    [Fact]
    public void Auc_PerfectAndReversedRanking_OneAndZero()
    {
        var good = new LabelledStats();
        good.Add([new LabelledScore(0, 0.1f), new LabelledScore(0, 0.2f), new LabelledScore(1, 0.8f), new LabelledScore(1, 0.9f)]);
        var bad = new LabelledStats();
        bad.Add([new LabelledScore(1, 0.1f), new LabelledScore(1, 0.2f), new LabelledScore(0, 0.8f), new LabelledScore(0, 0.9f)]);
        Assert.Equal(1.0, good.Auc(), 12);
        Assert.Equal(0.0, bad.Auc(), 12);
    }

    /// <summary>One rollout: stable gets two labelled answers per canary answer, looked at every 10 canary answers up to 1500.</summary>
    private static MetricStatus Run(int seed, bool informativeCanary, double margin, double alpha)
    {
        var random = new Random(seed);
        var stable = new LabelledStats();
        var canary = new LabelledStats();
        for (var look = 0; look < 150; look++)
        {
            for (var i = 0; i < 20; i++) stable.Add(Draw(random, informative: true));
            for (var i = 0; i < 10; i++) canary.Add(Draw(random, informativeCanary));
            var r = LogLossDifferenceTest.Assess(stable, canary, margin, alpha, minSamples: 30, withAuc: false);
            if (r.Status == MetricStatus.Breached) return r.Status;
        }
        return MetricStatus.Collecting;
    }

    private static LabelledScore Draw(Random random, bool informative)
    {
        var p = Beta.Sample(random, 1.2, 4);
        var label = random.NextDouble() < p ? 1f : 0f;
        // Uninformative: a score from the same distribution, drawn independently of the label.
        var score = informative ? p : Beta.Sample(random, 1.2, 4);
        return new LabelledScore(label, (float)score);
    }
}
