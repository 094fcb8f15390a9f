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
        long positives = 0;
        foreach (var l in labels) if (l > 0.5f) positives++;
        double? auc = null, lower = null, upper = null, prAuc = null;
        if (positives > 0 && positives < scores.Length)
        {
            var c = DeLong.Compute(scores, labels);
            var se = Math.Sqrt(Math.Max(0, DeLong.Variance(c)));
            var z = Normal.InvCDF(0, 1, 1 - (1 - level) / 2);
            auc = c.Auc;
            lower = Math.Max(0, c.Auc - z * se);
            upper = Math.Min(1, c.Auc + z * se);
            prAuc = ScoreMetrics.AveragePrecision(scores, labels);
        }
        return new MetricSet
        {
            Rows = scores.Length,
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
