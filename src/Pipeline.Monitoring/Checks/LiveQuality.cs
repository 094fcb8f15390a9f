using System.Globalization;
using Pipeline.Core.Verdicts;
using MathNet.Numerics.Distributions;
using Pipeline.Evaluation.Metrics;

namespace Pipeline.Monitoring.Checks;

/// <summary>
/// Live quality from fed-back outcomes against the accepted model's figure on its holdout (EvaluateGate's holdout), overall and per
/// segment: ROC AUC with its DeLong interval (binary), accuracy with its Wilson interval (multiclass: the log keeps the predicted
/// class), RMSE with the interval of the mean squared error (regression). A breach needs the whole interval on the wrong side of
/// the limit, so too few outcomes can never raise one; the point estimate alone past it warns.
/// </summary>
public static class LiveQuality
{
    public sealed record Scored(float[] Scores, float[] Labels);

    public static Check Auc(string metric, Scored live, double holdoutAuc, double maxDrop, int minFeedback, double level)
    {
        var floor = holdoutAuc - maxDrop;
        var threshold = $">= {floor.ToString("0.0000", CultureInfo.InvariantCulture)} (holdout AUC {holdoutAuc.ToString("0.0000", CultureInfo.InvariantCulture)} − maxAucDrop {maxDrop.ToString(CultureInfo.InvariantCulture)})";
        var positives = live.Labels.Count(l => l > 0.5f);
        var n = live.Labels.Length;
        if (n < minFeedback || positives == 0 || positives == n)
            return new Check
            {
                Metric = metric, Observed = $"{n} outcomes ({positives} positive)", Threshold = threshold, SampleSize = n, Outcome = CheckOutcome.Info,
                Detail = $"too few outcomes to judge (monitoring.minFeedback {minFeedback}, both classes needed); feed outcomes back with POST /v1/models/<model>/feedback",
            };
        var m = MetricCalculator.Compute(live.Scores, live.Labels, 0.5, level);
        var auc = m.Auc ?? double.NaN;
        var (lower, upper) = (m.AucLower ?? auc, m.AucUpper ?? auc);
        var outcome = upper < floor ? CheckOutcome.Fail : auc < floor ? CheckOutcome.Warn : CheckOutcome.Pass;
        return new Check
        {
            Metric = metric,
            Observed = $"{auc.ToString("0.0000", CultureInfo.InvariantCulture)} [{lower.ToString("0.0000", CultureInfo.InvariantCulture)}, {upper.ToString("0.0000", CultureInfo.InvariantCulture)}], log loss {m.LogLoss:0.0000}",
            Threshold = threshold,
            SampleSize = n,
            Value = auc,
            ConfidenceInterval = new Interval(lower, upper, level),
            Outcome = outcome,
            Detail = outcome switch
            {
                CheckOutcome.Fail => "live quality is below the accepted model's with confidence: retrain on recent data (monitoring.onBreach: retrain) or roll back",
                CheckOutcome.Warn => "the estimate is below the floor but the interval still reaches it: collect more outcomes",
                _ => null,
            },
        };
    }

    /// <summary>Multiclass: share of live rows whose logged predicted class is the fed-back class, against holdout accuracy − maxAccuracyDrop.</summary>
    public static Check Accuracy(string metric, Scored live, double holdoutAccuracy, double maxDrop, int minFeedback, double level)
    {
        var floor = holdoutAccuracy - maxDrop;
        var threshold = $">= {F(floor)} (holdout accuracy {F(holdoutAccuracy)} − maxAccuracyDrop {maxDrop.ToString(CultureInfo.InvariantCulture)})";
        var n = live.Labels.Length;
        if (n < minFeedback) return TooFew(metric, n, threshold, minFeedback);
        var correct = 0;
        for (var i = 0; i < n; i++) if (Math.Abs(live.Scores[i] - live.Labels[i]) < 0.5f) correct++;
        var p = (double)correct / n;
        var (lower, upper) = Wilson(correct, n, level);
        return Judged(metric, $"{F(p)} [{F(lower)}, {F(upper)}], {correct} of {n} right", threshold, n, p, lower, upper, level,
            breach: upper < floor, warn: p < floor);
    }

    /// <summary>Regression: RMSE of the logged values against the fed-back values, against holdout RMSE × (1 + maxRmseIncrease).</summary>
    public static Check Rmse(string metric, Scored live, double holdoutRmse, double maxIncrease, int minFeedback, double level)
    {
        var ceiling = holdoutRmse * (1 + maxIncrease);
        var threshold = $"<= {F(ceiling)} (holdout RMSE {F(holdoutRmse)} × (1 + maxRmseIncrease {maxIncrease.ToString(CultureInfo.InvariantCulture)}))";
        var n = live.Labels.Length;
        if (n < minFeedback) return TooFew(metric, n, threshold, minFeedback);
        var squared = new double[n];
        for (var i = 0; i < n; i++) squared[i] = ((double)live.Scores[i] - live.Labels[i]) * ((double)live.Scores[i] - live.Labels[i]);
        var mse = squared.Average();
        var sd = Math.Sqrt(squared.Sum(e => (e - mse) * (e - mse)) / (n - 1));
        var half = StudentT.InvCDF(0, 1, n - 1, 1 - (1 - level) / 2) * sd / Math.Sqrt(n);
        var (rmse, lower, upper) = (Math.Sqrt(mse), Math.Sqrt(Math.Max(0, mse - half)), Math.Sqrt(mse + half));
        return Judged(metric, $"{F(rmse)} [{F(lower)}, {F(upper)}]", threshold, n, rmse, lower, upper, level,
            breach: lower > ceiling, warn: rmse > ceiling);
    }

    /// <summary>Multiclass holdout accuracy from K class probabilities per row (row-major) and class-index labels.</summary>
    public static double HoldoutAccuracy(float[] probabilities, float[] labels, IReadOnlyList<int> rows)
    {
        var k = probabilities.Length / Math.Max(1, labels.Length);
        var correct = 0;
        foreach (var r in rows)
        {
            var best = 0;
            for (var c = 1; c < k; c++) if (probabilities[r * k + c] > probabilities[r * k + best]) best = c;
            if (best == (int)Math.Round(labels[r])) correct++;
        }
        return rows.Count == 0 ? double.NaN : (double)correct / rows.Count;
    }

    /// <summary>Regression holdout RMSE over <paramref name="rows"/>.</summary>
    public static double HoldoutRmse(float[] values, float[] labels, IReadOnlyList<int> rows) =>
        rows.Count == 0 ? double.NaN : Math.Sqrt(rows.Average(r => ((double)values[r] - labels[r]) * ((double)values[r] - labels[r])));

    private static (double Lower, double Upper) Wilson(int successes, int n, double level)
    {
        var z = Normal.InvCDF(0, 1, 1 - (1 - level) / 2);
        var p = (double)successes / n;
        var centre = (p + z * z / (2 * n)) / (1 + z * z / n);
        var half = z * Math.Sqrt(p * (1 - p) / n + z * z / (4.0 * n * n)) / (1 + z * z / n);
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    private static Check TooFew(string metric, int n, string threshold, int minFeedback) => new()
    {
        Metric = metric, Observed = $"{n} outcomes", Threshold = threshold, SampleSize = n, Outcome = CheckOutcome.Info,
        Detail = $"too few outcomes to judge (monitoring.minFeedback {minFeedback}); feed outcomes back with POST /v1/models/<model>/feedback",
    };

    private static Check Judged(string metric, string observed, string threshold, int n, double value, double lower, double upper, double level, bool breach, bool warn)
    {
        var outcome = breach ? CheckOutcome.Fail : warn ? CheckOutcome.Warn : CheckOutcome.Pass;
        return new Check
        {
            Metric = metric, Observed = observed, Threshold = threshold, SampleSize = n, Value = value,
            ConfidenceInterval = new Interval(lower, upper, level), Outcome = outcome,
            Detail = outcome switch
            {
                CheckOutcome.Fail => "live quality is worse than the accepted model's with confidence: retrain on recent data (monitoring.onBreach: retrain) or roll back",
                CheckOutcome.Warn => "the estimate is past the limit but the interval still reaches it: collect more outcomes",
                _ => null,
            },
        };
    }

    private static string F(double v) => v.ToString("0.0000", CultureInfo.InvariantCulture);
}
