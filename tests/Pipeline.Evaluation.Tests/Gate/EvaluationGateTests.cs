using Pipeline.Core.Models;
using Pipeline.Core.Verdicts;
using Pipeline.Evaluation.Gate;

namespace Pipeline.Evaluation.Tests.Gate;

public sealed class EvaluationGateTests
{
    private static readonly EvaluationPolicy Policy = new()
    {
        MinAuc = 0.75, MinPrAuc = 0.05, MaxLogLoss = 1.0, MaxCalibrationError = 0.5, ThresholdPolicy = "max-f1",
        ChampionMargin = 0.01, ChampionConfidence = 0.95,
        Segments = [new SegmentSpec { Column = "region", MinSupport = 500 }],
    };

    [Fact]
    public void Evaluate_InformativeScoresNoChampion_PassesAndSaysSoPlainly()
    {
        var (scores, labels) = Synthetic(4000, signal: 2.5, seed: 1);
        var report = EvaluationGate.Evaluate(Input(scores, labels));
        Assert.True(report.Verdict.Passed, Describe(report.Verdict));
        Assert.Contains(report.Verdict.Notes, n => n.StartsWith("no champion"));
        var auc = Assert.Single(report.Verdict.Checks, c => c.Metric == "auc");
        Assert.NotNull(auc.ConfidenceInterval);
        Assert.Equal(4000, auc.SampleSize);
    }

    [Fact]
    public void Evaluate_ScoresUnrelatedToLabels_FailsOnAuc()
    {
        var (scores, labels) = Synthetic(4000, signal: 0, seed: 2);
        var report = EvaluationGate.Evaluate(Input(scores, labels));
        Assert.False(report.Verdict.Passed);
        Assert.Equal(CheckOutcome.Fail, report.Verdict.Checks.Single(c => c.Metric == "auc").Outcome);
    }

    [Fact]
    public void Evaluate_WorseChallenger_FailsNonInferiority_BetterPasses()
    {
        var (strong, labels) = Synthetic(6000, signal: 3.0, seed: 3);
        var weak = Blend(strong, 0.6, seed: 4);

        var worse = EvaluationGate.Evaluate(Input(weak, labels) with { Champion = new ChampionScores("fraud-detector v1", strong) });
        var champion = Assert.Single(worse.Verdict.Checks, c => c.Metric.StartsWith("auc − champion"));
        Assert.Equal(CheckOutcome.Fail, champion.Outcome);
        Assert.False(worse.Verdict.Passed);
        Assert.Contains("--force-accept", champion.Detail);

        var better = EvaluationGate.Evaluate(Input(strong, labels) with { Champion = new ChampionScores("fraud-detector v1", weak) });
        Assert.Equal(CheckOutcome.Pass, better.Verdict.Checks.Single(c => c.Metric.StartsWith("auc − champion")).Outcome);
        Assert.True(better.Champion!.NonInferior);
    }

    [Fact]
    public void Evaluate_SameModelAsChampion_IsNonInferior()
    {
        var (scores, labels) = Synthetic(3000, signal: 2.5, seed: 5);
        var report = EvaluationGate.Evaluate(Input(scores, labels) with { Champion = new ChampionScores("v1", scores) });
        Assert.Equal(0, report.Champion!.Difference, 12);
        Assert.True(report.Champion.NonInferior);
    }

    [Fact]
    public void Evaluate_NaNScores_FailsOutputSanity_AndSkipsMetrics()
    {
        var (scores, labels) = Synthetic(1000, signal: 2, seed: 6);
        scores[10] = float.NaN;
        var report = EvaluationGate.Evaluate(Input(scores, labels));
        var sanity = report.Verdict.Checks.Single(c => c.Metric == "output: finite, in [0, 1]");
        Assert.Equal(CheckOutcome.Fail, sanity.Outcome);
        Assert.Contains("1 NaN", sanity.Observed);
        Assert.Null(report.Overall);
        Assert.False(report.Verdict.Passed);
    }

    [Fact]
    public void Evaluate_ConstantScores_FailsNotConstant()
    {
        var (_, labels) = Synthetic(1000, signal: 2, seed: 7);
        var report = EvaluationGate.Evaluate(Input(Enumerable.Repeat(0.3f, 1000).ToArray(), labels));
        Assert.Equal(CheckOutcome.Fail, report.Verdict.Checks.Single(c => c.Metric == "output: not constant").Outcome);
        Assert.Equal(CheckOutcome.Fail, report.Verdict.Checks.Single(c => c.Metric == "output: distribution not degenerate").Outcome);
    }

    [Fact]
    public void Evaluate_SmallSegment_ReportedAsInfoNotJudged()
    {
        var (scores, labels) = Synthetic(4000, signal: 2.5, seed: 8);
        var report = EvaluationGate.Evaluate(Input(scores, labels));
        var small = report.Verdict.Checks.Single(c => c.Metric == "segment region=small: auc");
        Assert.Equal(CheckOutcome.Info, small.Outcome);
        Assert.Contains("below minimum support", small.Detail);
        Assert.NotEqual(CheckOutcome.Info, report.Verdict.Checks.Single(c => c.Metric == "segment region=large: auc").Outcome);
    }

    [Fact]
    public void Evaluate_ForceAccept_PassesFailedGateAndRecordsReason()
    {
        var (scores, labels) = Synthetic(2000, signal: 0, seed: 9);
        var report = EvaluationGate.Evaluate(Input(scores, labels) with { ForceAcceptReason = "hotfix INC-42" });
        Assert.Equal(CheckOutcome.Fail, report.Verdict.Outcome);
        Assert.True(report.Verdict.Passed);
        Assert.Equal("hotfix INC-42", report.Verdict.ForceAcceptedReason);
    }

    private static EvaluationInput Input(float[] scores, float[] labels) => new()
    {
        Subject = "test-model",
        Scores = scores,
        Labels = labels,
        Policy = Policy,
        SegmentColumns = new Dictionary<string, string?[]> { ["region"] = scores.Select((_, i) => i % 20 == 0 ? "small" : "large").ToArray() },
    };

    internal static (float[] Scores, float[] Labels) Synthetic(int n, double signal, int seed)
    {
        var random = new Random(seed);
        var scores = new float[n];
        var labels = new float[n];
        for (var i = 0; i < n; i++)
        {
            labels[i] = random.NextDouble() < 0.1 ? 1 : 0;
            var z = -2.5 + signal * labels[i] + Gaussian(random);
            scores[i] = (float)(1 / (1 + Math.Exp(-z)));
        }
        return (scores, labels);
    }

    private static float[] Blend(float[] scores, double noise, int seed)
    {
        var random = new Random(seed);
        return scores.Select(s => (float)(1 / (1 + Math.Exp(-(Math.Log(s / (1 - s)) + 3 * noise * Gaussian(random)))))).ToArray();
    }

    private static double Gaussian(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());

    private static string Describe(Verdict v) => string.Join("\n", v.Checks.Select(c => $"{c.Metric}: {c.Observed} vs {c.Threshold} → {c.Outcome}"));
}
