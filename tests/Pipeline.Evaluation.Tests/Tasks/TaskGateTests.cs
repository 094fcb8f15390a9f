using Pipeline.Core.Models;
using Pipeline.Core.Verdicts;
using Pipeline.Evaluation.Gate;

namespace Pipeline.Evaluation.Tests.Tasks;

/// <summary>EvaluateGate for multiclass and regression models: verdict shape, bounds with bootstrap intervals, sanity, champion.</summary>
public sealed class TaskGateTests
{
    private static readonly string[] Classes = ["a", "b", "c"];

    private static (float[] Labels, float[] Good, float[] Bad) RegressionRows(int n = 400)
    {
        var random = new Random(5);
        var labels = new float[n];
        var good = new float[n];
        var bad = new float[n];
        for (var i = 0; i < n; i++)
        {
            labels[i] = (float)(100 + 30 * Normal(random));
            good[i] = labels[i] + (float)(10 * Normal(random));
            bad[i] = 100 + (float)(2 * Normal(random));
        }
        return (labels, good, bad);
    }

    private static (float[] Labels, float[] Good, float[] Uniform) MulticlassRows(int n = 300)
    {
        var random = new Random(6);
        var labels = new float[n];
        var good = new float[n * 3];
        var uniform = new float[n * 3];
        for (var i = 0; i < n; i++)
        {
            labels[i] = i % 3;
            // 90 % of rows put 0.8 on the true class, the rest on the next class.
            var top = random.NextDouble() < 0.9 ? i % 3 : (i + 1) % 3;
            for (var c = 0; c < 3; c++)
            {
                good[i * 3 + c] = c == top ? 0.8f : 0.1f;
                uniform[i * 3 + c] = 1f / 3;
            }
        }
        return (labels, good, uniform);
    }

    private static double Normal(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());

    private static EvaluationReport Regression(float[] scores, float[] labels, ChampionScores? champion = null) => EvaluationGate.Evaluate(new EvaluationInput
    {
        Subject = "r", Scores = scores, Labels = labels, Task = ModelTask.Regression, TrainingLabels = labels, Champion = champion,
        Policy = new EvaluationPolicy { MaxRmse = 15, MaxMae = 12, MinR2 = 0.7, MaxResidualBias = 3, ChampionMargin = 0.1 },
    });

    private static EvaluationReport Multiclass(float[] scores, float[] labels, ChampionScores? champion = null) => EvaluationGate.Evaluate(new EvaluationInput
    {
        Subject = "m", Scores = scores, Labels = labels, Task = ModelTask.Multiclass, Classes = Classes, Champion = champion,
        Policy = new EvaluationPolicy { MinAccuracy = 0.8, MinMacroF1 = 0.8, MaxLogLoss = 0.6, TopK = 2, MinTopKAccuracy = 0.95, MinClassRecall = 0.7, ChampionMargin = 0.05 },
    });

    [Fact]
    public void Evaluate_GoodRegression_PassesEveryBoundWithIntervals()
    {
        var (labels, good, _) = RegressionRows();
        var report = Regression(good, labels);
        Assert.True(report.Verdict.Passed, string.Join("; ", report.Verdict.Checks.Select(c => $"{c.Metric} {c.Observed} {c.Outcome}")));
        var rmse = report.TaskMetrics!["rmse"]!;
        Assert.InRange(rmse.Value, 8, 12);
        Assert.True(rmse.Lower < rmse.Value && rmse.Value < rmse.Upper);
        Assert.All(report.Verdict.Checks.Where(c => c.Metric is "rmse" or "mae" or "r2"), c =>
        {
            Assert.Equal(labels.Length, c.SampleSize);
            Assert.NotNull(c.ConfidenceInterval);
        });
    }

    [Fact]
    public void Evaluate_MeanPredictor_FailsR2AndRmse()
    {
        var (labels, _, bad) = RegressionRows();
        var report = Regression(bad, labels);
        Assert.False(report.Verdict.Passed);
        Assert.Contains(report.Verdict.Checks, c => c.Metric == "r2" && c.Outcome == CheckOutcome.Fail);
        Assert.Contains(report.Verdict.Checks, c => c.Metric == "rmse" && c.Outcome == CheckOutcome.Fail);
    }

    [Fact]
    public void Evaluate_RegressionOutsideTrainingRange_FailsSanityAndSkipsMetrics()
    {
        var (labels, good, _) = RegressionRows();
        var scaled = good.Select(v => v * 1000).ToArray();
        var report = Regression(scaled, labels);
        Assert.Contains(report.Verdict.Checks, c => c.Metric == "output: plausible range" && c.Outcome == CheckOutcome.Fail);
        var nan = (float[])good.Clone();
        nan[3] = float.NaN;
        var broken = Regression(nan, labels);
        Assert.Null(broken.TaskMetrics);
        Assert.Contains(broken.Verdict.Checks, c => c.Metric == "output: finite" && c.Outcome == CheckOutcome.Fail);
    }

    [Fact]
    public void Evaluate_RegressionAgainstChampion_PairedMseDecidesNonInferiority()
    {
        var (labels, good, bad) = RegressionRows();
        Assert.True(Regression(good, labels, new ChampionScores("champ", good)).TaskChampion!.NonInferior);
        var worse = Regression(bad, labels, new ChampionScores("champ", good));
        Assert.False(worse.TaskChampion!.NonInferior);
        Assert.Contains(worse.Verdict.Checks, c => c.Metric.StartsWith("mse − champion mse", StringComparison.Ordinal) && c.Outcome == CheckOutcome.Fail);
    }

    [Fact]
    public void Evaluate_GoodMulticlass_ReportsConfusionRecallAndPasses()
    {
        var (labels, good, _) = MulticlassRows();
        var report = Multiclass(good, labels);
        Assert.True(report.Verdict.Passed, string.Join("; ", report.Verdict.Checks.Select(c => $"{c.Metric} {c.Observed} {c.Outcome}")));
        var m = report.TaskMetrics!;
        Assert.Equal(labels.Length, m.Confusion.Sum(r => r.Sum()));
        Assert.Equal([100, 100, 100], m.ClassSupport);
        Assert.InRange(m["accuracy"]!.Value, 0.85, 0.95);
        Assert.Equal(1.0, m["top2_accuracy"]!.Value);
        Assert.InRange(m["log_loss"]!.Value, -Math.Log(0.8) - 1e-6, -Math.Log(0.1));
    }

    [Fact]
    public void Evaluate_UniformMulticlass_FailsLogLossAndIsInferiorToChampion()
    {
        var (labels, good, uniform) = MulticlassRows();
        var report = Multiclass(uniform, labels, new ChampionScores("champ", good));
        Assert.Contains(report.Verdict.Checks, c => c.Metric == "log_loss" && c.Outcome == CheckOutcome.Fail);
        Assert.Contains(report.Verdict.Checks, c => c.Metric == "output: not constant" && c.Outcome == CheckOutcome.Fail);
        Assert.False(report.TaskChampion!.NonInferior);
    }

    [Fact]
    public void Evaluate_ProbabilitiesNotSummingToOne_FailSanity()
    {
        var (labels, good, _) = MulticlassRows();
        var off = good.Select(v => v * 0.5f).ToArray();
        var report = Multiclass(off, labels);
        Assert.Contains(report.Verdict.Checks, c => c.Metric == "output: probabilities sum to 1" && c.Outcome == CheckOutcome.Fail);
        Assert.Null(report.TaskMetrics);
    }

    [Fact]
    public void Evaluate_RegressionWithSegmentColumn_MeasuresEachValuesRowsInOrdinalOrder()
    {
        var (labels, good, _) = RegressionRows();
        // Every fifth row has no region; the rest alternate "west" and "East" (ordinal order: "(missing)", "East", "west").
        var region = Enumerable.Range(0, labels.Length).Select(i => i % 5 == 0 ? null : i % 2 == 0 ? "west" : "East").ToArray();
        var report = EvaluationGate.Evaluate(new EvaluationInput
        {
            Subject = "r", Scores = good, Labels = labels, Task = ModelTask.Regression, TrainingLabels = labels,
            Policy = new EvaluationPolicy { MaxRmse = 15, Segments = [new SegmentSpec { Column = "region", MinSupport = 50 }] },
            SegmentColumns = new Dictionary<string, string?[]> { ["region"] = region },
        });

        Assert.Equal(new[] { "(missing)", "East", "west" }, report.TaskSegments.Select(s => s.Value));
        foreach (var segment in report.TaskSegments)
        {
            var rows = Enumerable.Range(0, labels.Length).Where(i => (region[i] ?? "(missing)") == segment.Value).ToArray();
            var expected = Pipeline.Evaluation.Tasks.TaskMetricCalculator.Regression(good, labels, rows);
            Assert.Equal(rows.Length, segment.Metrics.Rows);
            Assert.Equal(expected["rmse"]!.Value, segment.Metrics["rmse"]!.Value);
            Assert.True(segment.Judged);
            Assert.Contains(report.Verdict.Checks, c => c.Metric.StartsWith($"segment region={segment.Value}: ", StringComparison.Ordinal));
        }
    }
}
