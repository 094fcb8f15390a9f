using System.Globalization;
using Pipeline.Core.Verdicts;
using Pipeline.Evaluation.Metrics;

namespace Pipeline.Evaluation.Gate;

/// <summary>
/// The quality gate: output sanity, absolute thresholds (AUC with DeLong CI, PR AUC, log loss, Brier, ECE), per-segment AUC above
/// minimum support, and paired non-inferiority against the champion. Returns every check as a <see cref="Verdict"/>; never throws for a bad model.
/// </summary>
public static class EvaluationGate
{
    public const string GateName = "EvaluateGate";

    /// <summary>A segment with fewer positives than this is reported, not judged, whatever its row count.</summary>
    public const int MinSegmentPositives = 10;

    public static EvaluationReport Evaluate(EvaluationInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Task != Core.Models.ModelTask.Binary) return Tasks.TaskGate.Evaluate(input);
        if (input.Scores.Length != input.Labels.Length)
            throw new ArgumentException($"{input.Scores.Length} scores for {input.Labels.Length} labels");
        var policy = input.Policy;
        // Sort once: sanity, threshold, DeLong, average precision and every segment share this order.
        var rows = ScoreOrder.Create(input.Scores, input.Labels);
        var checks = new List<Check>(OutputSanity.Evaluate(rows));
        var notes = new List<string>();
        var usable = checks[0].Outcome == CheckOutcome.Pass;
        MetricSet? overall = null;
        var segments = new List<SegmentReport>();
        ChampionComparison? champion = null;
        ScoreOrder? championOrder = null;

        if (!usable)
        {
            notes.Add("quality metrics not computed: the scores are not valid probabilities (see output sanity)");
        }
        else
        {
            var threshold = ThresholdSelector.Select(policy.ThresholdPolicy, policy.ThresholdValue, rows);
            overall = MetricCalculator.Compute(rows, threshold);
            checks.AddRange(ThresholdChecks(overall, policy));
            checks.Add(OperatingPoint(overall, policy));
            // The holdout's segment columns as a data frame; each policy segment is one GroupBy of it.
            var frame = SegmentGroups.Frame(input.SegmentColumns, policy.Segments.Select(s => s.Column), rows.Count);
            foreach (var spec in policy.Segments)
            {
                if (!input.SegmentColumns.ContainsKey(spec.Column))
                {
                    notes.Add($"segment column {spec.Column} was not provided; its segments were not evaluated");
                    continue;
                }
                foreach (var segment in Segment(spec.Column, SegmentGroups.Of(frame, spec.Column), spec.MinSupport, rows, threshold))
                {
                    segments.Add(segment);
                    checks.Add(SegmentCheck(segment, spec.MinSupport, policy.MinAuc));
                }
            }
            if (input.Champion is { } ch)
            {
                if (ch.Scores.Length != input.Scores.Length)
                    throw new ArgumentException($"champion {ch.Name} has {ch.Scores.Length} scores for {input.Scores.Length} rows; score it on the same rows");
                var championRows = ScoreOrder.Create(ch.Scores, input.Labels);
                var championSanity = OutputSanity.Evaluate(championRows);
                if (championSanity[0].Outcome != CheckOutcome.Pass || overall.Auc is null)
                {
                    notes.Add($"champion {ch.Name} produced invalid scores on the holdout ({championSanity[0].Observed}); compared on absolute thresholds only");
                }
                else
                {
                    champion = ChampionComparison.Compare(ch.Name, rows, championRows, policy.ChampionMargin, policy.ChampionConfidence);
                    championOrder = championRows;
                    checks.Add(ChampionCheck(champion));
                }
            }
            else
            {
                notes.Add("no champion: there is no accepted model to compare with, so only absolute thresholds were judged");
            }
        }
        if (input.ForceAcceptReason is { } reason)
            notes.Add($"force-accepted: {reason}");
        var verdict = new Verdict
        {
            Gate = GateName,
            Subject = input.Subject,
            Checks = checks,
            Notes = notes,
            ForceAcceptedReason = string.IsNullOrWhiteSpace(input.ForceAcceptReason) ? null : input.ForceAcceptReason,
        };
        return new EvaluationReport
        {
            Subject = input.Subject,
            Overall = overall,
            ThresholdPolicy = policy.ThresholdPolicy,
            Segments = segments,
            Champion = champion,
            Verdict = verdict,
            Curves = usable ? EvaluationCurves.Compute(rows, championOrder) : null,
        };
    }

    private static IEnumerable<Check> ThresholdChecks(MetricSet m, Core.Models.EvaluationPolicy policy)
    {
        if (m.Auc is not { } auc)
        {
            yield return new Check
            {
                Metric = "auc", Observed = "undefined", Threshold = F($">= {policy.MinAuc:0.###}"), SampleSize = m.Rows, Outcome = CheckOutcome.Fail,
                Detail = $"the holdout has {m.Positives} positives of {m.Rows} rows; AUC needs both classes (use a larger holdout or check the label column)",
            };
            yield break;
        }
        var ci = new Interval(m.AucLower!.Value, m.AucUpper!.Value, 0.95);
        // Pass when the whole CI clears the bar; Warn when only the point estimate does; Fail below.
        var aucOutcome = auc < policy.MinAuc ? CheckOutcome.Fail : ci.Lower < policy.MinAuc ? CheckOutcome.Warn : CheckOutcome.Pass;
        yield return new Check
        {
            Metric = "auc", Observed = F($"{auc:0.0000}"), Threshold = F($">= {policy.MinAuc:0.###}"), SampleSize = m.Rows, Value = auc,
            ConfidenceInterval = ci, Outcome = aucOutcome,
            Detail = aucOutcome switch
            {
                CheckOutcome.Fail => F($"ROC AUC {auc:0.0000} (95 % CI {ci.Lower:0.0000}–{ci.Upper:0.0000}) is below evaluation.minAuc {policy.MinAuc}: the model does not rank positive rows above negative rows well enough"),
                CheckOutcome.Warn => F($"point estimate clears the bar but the 95 % CI lower bound {ci.Lower:0.0000} does not; more holdout rows would settle it"),
                _ => null,
            },
        };
        if (policy.MinPrAuc is { } minPr)
            yield return Bound("pr_auc", m.PrAuc ?? 0, minPr, higherIsBetter: true, m.Rows);
        if (policy.MaxLogLoss is { } maxLl)
            yield return Bound("log_loss", m.LogLoss, maxLl, higherIsBetter: false, m.Rows);
        if (policy.MaxBrier is { } maxBrier)
            yield return Bound("brier", m.Brier, maxBrier, higherIsBetter: false, m.Rows);
        if (policy.MaxCalibrationError is { } maxEce)
            yield return Bound("calibration_error (ECE)", m.CalibrationError, maxEce, higherIsBetter: false, m.Rows);
    }

    private static Check Bound(string metric, double observed, double bound, bool higherIsBetter, long rows)
    {
        var ok = higherIsBetter ? observed >= bound : observed <= bound;
        return new Check
        {
            Metric = metric, Observed = F($"{observed:0.0000}"), Threshold = F($"{(higherIsBetter ? ">=" : "<=")} {bound:0.####}"), SampleSize = rows,
            Value = observed, Outcome = ok ? CheckOutcome.Pass : CheckOutcome.Fail,
            Detail = ok ? null : F($"{metric} {observed:0.0000} is {(higherIsBetter ? "below" : "above")} the policy bound {bound} in model.yaml evaluation"),
        };
    }

    private static Check OperatingPoint(MetricSet m, Core.Models.EvaluationPolicy policy) => new()
    {
        Metric = $"operating point ({policy.ThresholdPolicy})",
        Observed = F($"threshold {m.Threshold:0.####}: precision {m.Confusion.Precision:0.###}, recall {m.Confusion.Recall:0.###}, FPR {m.Confusion.FalsePositiveRate:0.####}"),
        Threshold = "reported",
        SampleSize = m.Rows,
        Value = m.Threshold,
        Outcome = CheckOutcome.Info,
        Detail = F($"TP {m.Confusion.TruePositives}, FP {m.Confusion.FalsePositives}, TN {m.Confusion.TrueNegatives}, FN {m.Confusion.FalseNegatives}"),
    };

    private static SegmentReport[] Segment(string column, SegmentGroups groups, int minSupport, ScoreOrder rows, double threshold)
    {
        var sorted = groups.Values;
        // Each segment's order is the overall order filtered to its rows (stable): no segment is sorted again.
        var parts = rows.Partition(groups.GroupOf, sorted.Length);
        var reports = new SegmentReport[parts.Length];
        // Segments are independent: compute them in parallel, report them in sorted order.
        Parallel.For(0, parts.Length, g =>
        {
            var part = parts[g];
            var metrics = MetricCalculator.Compute(part, threshold);
            var judged = part.Count >= minSupport && metrics.Positives >= MinSegmentPositives && metrics.Auc is not null;
            reports[g] = new SegmentReport(column, sorted[g], judged, metrics);
        });
        return reports;
    }

    private static Check SegmentCheck(SegmentReport s, int minSupport, double minAuc)
    {
        var m = s.Metrics;
        var metric = $"segment {s.Column}={s.Value}: auc";
        if (!s.Judged)
        {
            return new Check
            {
                Metric = metric, Observed = m.Auc is { } a ? F($"{a:0.0000}") : "undefined", Threshold = "reported only",
                SampleSize = m.Rows, Value = m.Auc, Outcome = CheckOutcome.Info,
                ConfidenceInterval = m.Auc is null ? null : new Interval(m.AucLower!.Value, m.AucUpper!.Value, 0.95),
                Detail = $"{m.Rows} rows, {m.Positives} positives: below minimum support ({minSupport} rows, {MinSegmentPositives} positives), not judged",
            };
        }
        var ci = new Interval(m.AucLower!.Value, m.AucUpper!.Value, 0.95);
        // Segments are small: fail only when the whole CI is below the bar, warn when the point estimate is.
        var outcome = ci.Upper < minAuc ? CheckOutcome.Fail : m.Auc < minAuc ? CheckOutcome.Warn : CheckOutcome.Pass;
        return new Check
        {
            Metric = metric, Observed = F($"{m.Auc:0.0000}"), Threshold = F($">= {minAuc:0.###} (CI upper)"), SampleSize = m.Rows, Value = m.Auc,
            ConfidenceInterval = ci, Outcome = outcome,
            Detail = outcome == CheckOutcome.Fail ? F($"even the 95 % CI upper bound {ci.Upper:0.0000} is below {minAuc}: the model fails this segment") : null,
        };
    }

    private static Check ChampionCheck(ChampionComparison c) => new()
    {
        Metric = $"auc − champion auc ({c.Champion})",
        Observed = F($"{c.Difference:+0.0000;-0.0000;0.0000} ({c.ChallengerAuc:0.0000} vs {c.ChampionAuc:0.0000})"),
        Threshold = F($"lower bound > −{c.Margin:0.###} (one-sided {c.Confidence:P0}, paired DeLong)"),
        SampleSize = c.Rows,
        Value = c.Difference,
        ConfidenceInterval = new Interval(c.LowerBound, c.UpperBound, 2 * c.Confidence - 1),
        Outcome = c.NonInferior ? CheckOutcome.Pass : CheckOutcome.Fail,
        Detail = c.NonInferior
            ? F($"non-inferior: lower bound {c.LowerBound:+0.0000;-0.0000} > −{c.Margin} (p = {c.PValue:0.####})")
            : F($"the challenger is not shown non-inferior to {c.Champion}: one-sided {c.Confidence:P0} lower bound {c.LowerBound:+0.0000;-0.0000} ≤ −{c.Margin} (p = {c.PValue:0.####}); improve the model, or use --force-accept \"reason\""),
    };

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
