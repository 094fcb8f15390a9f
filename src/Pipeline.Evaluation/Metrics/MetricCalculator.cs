using MathNet.Numerics.Distributions;

namespace Pipeline.Evaluation.Metrics;

/// <summary>Computes a <see cref="MetricSet"/> from probabilities and 0/1 labels.</summary>
public static class MetricCalculator
{
    /// <param name="threshold">Operating threshold (chosen on the overall holdout, reused for segments).</param>
    /// <param name="level">Two-sided confidence level of the AUC interval (DeLong).</param>
    public static MetricSet Compute(ReadOnlySpan<float> scores, ReadOnlySpan<float> labels, double threshold, double level = 0.95)
    {
        if (scores.Length != labels.Length) throw new ArgumentException($"{scores.Length} scores for {labels.Length} labels");
        if (scores.Length == 0) throw new ArgumentException("no rows to evaluate");
        return Compute(ScoreOrder.Create(scores, labels), threshold, level);
    }

    /// <summary>The same, on rows sorted once: DeLong, average precision share <paramref name="rows"/>' order.</summary>
    internal static MetricSet Compute(ScoreOrder rows, double threshold, double level = 0.95)
    {
        if (rows.Count == 0) throw new ArgumentException("no rows to evaluate");
        var positives = rows.Positives;
        double? auc = null, lower = null, upper = null, prAuc = null;
        if (positives > 0 && positives < rows.Count)
        {
            var c = DeLong.Compute(rows);
            var se = Math.Sqrt(Math.Max(0, DeLong.Variance(c)));
            var z = Normal.InvCDF(0, 1, 1 - (1 - level) / 2);
            auc = c.Auc;
            lower = Math.Max(0, c.Auc - z * se);
            upper = Math.Min(1, c.Auc + z * se);
            prAuc = ScoreMetrics.AveragePrecision(rows);
        }
        // Sums stay in row order (not score order) so log loss, Brier and ECE are bit-identical to the unsorted definitions.
        var scores = rows.Scores;
        var labels = rows.Labels;
        return new MetricSet
        {
            Rows = rows.Count,
            Positives = positives,
            Auc = auc,
            AucLower = lower,
            AucUpper = upper,
            PrAuc = prAuc,
            LogLoss = ScoreMetrics.LogLoss(scores, labels),
            Brier = ScoreMetrics.Brier(scores, labels),
            CalibrationError = ScoreMetrics.ExpectedCalibrationError(scores, labels),
            Threshold = threshold,
            Confusion = ConfusionMatrix.At(scores, labels, threshold),
        };
    }
}
