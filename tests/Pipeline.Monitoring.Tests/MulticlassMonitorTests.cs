using Pipeline.Core.Verdicts;
using Pipeline.Monitoring.Tests.Support;

namespace Pipeline.Monitoring.Tests;

/// <summary>
/// The Monitor on the digits multiclass example (its multinomial logistic regression, ONNX Runtime scoring): the log keeps the
/// predicted class, and live quality is the accuracy on fed-back classes, with its Wilson interval, against the holdout accuracy.
/// </summary>
public sealed class MulticlassMonitorTests(DigitsWorld world) : IClassFixture<DigitsWorld>
{
    private readonly TaskModelWorld _w = world;

    [Fact]
    public void Monitor_MulticlassOutcomesLikeTraining_JudgesLiveAccuracyAndPasses()
    {
        var rows = _w.Logged(_w.Dataset.TrainBatch());
        var result = ProductionMonitor.Evaluate(_w.Input(rows, TaskModelWorld.Outcomes(rows, _w.Dataset.TrainLabels())));

        var quality = Assert.Single(result.Verdict.Checks, c => c.Metric == "live quality: accuracy");
        Assert.Equal(CheckOutcome.Pass, quality.Outcome);
        Assert.Equal(rows.Count, quality.SampleSize);
        Assert.InRange(quality.Value!.Value, 0.85, 1.0);
        Assert.Contains("holdout accuracy", quality.Threshold, StringComparison.Ordinal);
        Assert.DoesNotContain(result.Verdict.Failures, f => f.Metric.StartsWith("live quality", StringComparison.Ordinal));
    }

    [Fact]
    public void Monitor_MulticlassOutcomesChange_BreachesOnLiveAccuracy()
    {
        // The same digits now mean other classes for one row in three (a relabelled source): the served classes are right less often.
        var rows = _w.Logged(_w.Dataset.TrainBatch());
        var truth = _w.Dataset.TrainLabels().Select((y, i) => i % 3 == 0 ? (y + 1) % 10 : y).ToArray();

        var result = ProductionMonitor.Evaluate(_w.Input(rows, TaskModelWorld.Outcomes(rows, truth)));

        Assert.True(result.Breach);
        var failure = Assert.Single(result.Verdict.Failures, f => f.Metric == "live quality: accuracy");
        Assert.True(failure.Value < 0.75 && failure.ConfidenceInterval!.Value.Upper < 0.9, $"{failure.Observed} vs {failure.Threshold}");
        Assert.Contains("retrain", failure.Detail, StringComparison.Ordinal);
    }
}
