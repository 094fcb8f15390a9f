using System.Globalization;
using Pipeline.Core.Verdicts;
using Pipeline.Evaluation.Metrics;

namespace Pipeline.Monitoring.Checks;

/// <summary>
/// Live quality from fed-back outcomes: ROC AUC with its DeLong interval against the accepted model's holdout AUC (EvaluateGate's
/// figure on the same holdout), overall and per segment. A breach needs the whole interval below holdout − maxAucDrop, so too few
/// outcomes can never raise one; the point estimate alone below it warns.
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
}
