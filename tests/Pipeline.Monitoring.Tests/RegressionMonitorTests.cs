using Pipeline.Core.Verdicts;
using Pipeline.Monitoring.Checks;
using Pipeline.Monitoring.Tests.Support;

namespace Pipeline.Monitoring.Tests;

/// <summary>
/// The Monitor on a model of another kind: the diabetes regression example (its external numpy trainer, ONNX Runtime scoring).
/// Input drift and the shift of the served values are judged as for the fraud classifier; live quality is the RMSE of the served
/// values against the fed-back true values, with its interval, against the holdout RMSE.
/// </summary>
public sealed class RegressionMonitorTests(DiabetesWorld world) : IClassFixture<DiabetesWorld>
{
    private readonly TaskModelWorld _w = world;

    [Fact]
    public void Monitor_RegressionTrafficLikeTraining_RaisesNothingAndJudgesLiveRmse()
    {
        var rows = _w.Logged(_w.Dataset.TrainBatch());
        var result = ProductionMonitor.Evaluate(_w.Input(rows, TaskModelWorld.Outcomes(rows, _w.Dataset.TrainLabels())));

        Assert.False(result.Breach, string.Join("\n", result.Verdict.Failures.Select(f => $"{f.Metric}: {f.Observed} vs {f.Threshold}")));
        Assert.Contains(result.Verdict.Checks, c => c.Metric.StartsWith("input drift: bmi", StringComparison.Ordinal) && c.Outcome != CheckOutcome.Info);
        Assert.Contains(result.Verdict.Checks, c => c.Metric.StartsWith("prediction", StringComparison.Ordinal) && c.Outcome != CheckOutcome.Info);
        var quality = Assert.Single(result.Verdict.Checks, c => c.Metric == "live quality: rmse");
        Assert.Equal(CheckOutcome.Pass, quality.Outcome);
        Assert.Equal(rows.Count, quality.SampleSize);
        Assert.NotNull(quality.ConfidenceInterval);
        Assert.Contains("holdout RMSE", quality.Threshold, StringComparison.Ordinal);
    }

    [Fact]
    public void Monitor_RegressionOutcomesDrift_BreachesOnLiveRmseOnly()
    {
        // Same inputs and served values, but the true progression moved (concept drift): only the outcomes show it.
        var rows = _w.Logged(_w.Dataset.TrainBatch());
        var truth = _w.Dataset.TrainLabels().Select((y, i) => y + (i % 2 == 0 ? 90f : -90f)).ToArray();

        var result = ProductionMonitor.Evaluate(_w.Input(rows, TaskModelWorld.Outcomes(rows, truth)));

        Assert.True(result.Breach);
        var failure = Assert.Single(result.Verdict.Failures);
        Assert.Equal("live quality: rmse", failure.Metric);
        Assert.True(failure.ConfidenceInterval!.Value.Lower > 1.25 * HoldoutRmse(), $"{failure.Observed} vs {failure.Threshold}");
    }

    [Fact]
    public void Monitor_RegressionInputsDrift_BreachesOnTheDriftedInputAndTheServedValues()
    {
        var rows = _w.Dataset.TrainBatch();
        var bmi = rows.Numeric["bmi"].Select(v => v * 1.35f).ToArray();
        var s5 = rows.Numeric["s5"].Select(v => v + 0.6f).ToArray();
        var drifted = rows.WithNumeric("bmi", bmi).WithNumeric("s5", s5);

        var result = ProductionMonitor.Evaluate(_w.Input(_w.Logged(drifted)));

        Assert.True(result.Breach);
        Assert.Contains(result.Verdict.Failures, f => f.Metric.StartsWith("input drift: bmi", StringComparison.Ordinal));
        // Heavier, sicker-looking patients: the served progression values leave the holdout's deciles.
        Assert.Contains(result.Verdict.Failures, f => f.Metric.StartsWith("prediction", StringComparison.Ordinal));
        // No outcomes yet: quality only informs.
        Assert.Equal(CheckOutcome.Info, Assert.Single(result.Verdict.Checks, c => c.Metric == "live quality: rmse").Outcome);
    }

    private double HoldoutRmse() =>
        LiveQuality.HoldoutRmse(_w.Holdout.Scores, _w.Holdout.Labels, Enumerable.Range(0, _w.Holdout.Labels.Length).ToArray());
}
