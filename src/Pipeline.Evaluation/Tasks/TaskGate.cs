using System.Globalization;
using Pipeline.Core.Models;
using Pipeline.Core.Verdicts;
using Pipeline.Evaluation.Gate;

namespace Pipeline.Evaluation.Tasks;

/// <summary>
/// The EvaluateGate for multiclass and regression models, in the binary gate's verdict shape (metric, observed, threshold, sample
/// size, interval): output sanity, absolute bounds with 95 % bootstrap intervals, per-segment checks and paired non-inferiority
/// against the champion on the same rows.
/// </summary>
public static class TaskGate
{
    /// <summary>A segment with fewer rows than this (or than its minSupport) is reported, not judged.</summary>
    public const int MinSegmentRows = 30;

    public static EvaluationReport Evaluate(EvaluationInput input)
    {
        var policy = input.Policy;
        var multiclass = input.Task == ModelTask.Multiclass;
        var k = multiclass ? input.Classes.Count : 1;
        var rows = input.Labels.Length;
        if (input.Scores.Length != rows * k)
            throw new ArgumentException($"{input.Scores.Length} outputs for {rows} labels × {k} per row");
        var checks = new List<Check>(multiclass ? TaskSanity.Multiclass(input.Scores, rows, k) : TaskSanity.Regression(input.Scores, input.TrainingLabels));
        var notes = new List<string>();
        TaskMetrics? overall = null;
        var segments = new List<TaskSegment>();
        TaskChampionComparison? champion = null;
        if (checks.Take(multiclass ? 2 : 1).Any(c => c.Outcome != CheckOutcome.Pass))
        {
            notes.Add("quality metrics not computed: the outputs are not usable (see output sanity)");
        }
        else
        {
            overall = Measure(input, null);
            checks.AddRange(Bounds(overall, policy, multiclass, ""));
            if (multiclass) checks.Add(ClassRecall(overall, policy));
            // The holdout's segment columns as a data frame; each policy segment is one GroupBy of it.
            var frame = SegmentGroups.Frame(input.SegmentColumns, policy.Segments.Select(s => s.Column), rows);
            foreach (var spec in policy.Segments)
            {
                if (!input.SegmentColumns.ContainsKey(spec.Column))
                {
                    notes.Add($"segment column {spec.Column} was not provided; its segments were not evaluated");
                    continue;
                }
                var groups = SegmentGroups.Of(frame, spec.Column);
                for (var g = 0; g < groups.Values.Length; g++)
                {
                    var value = groups.Values[g];
                    var m = Measure(input, groups.Rows[g]);
                    var judged = m.Rows >= Math.Max(spec.MinSupport, MinSegmentRows);
                    segments.Add(new TaskSegment(spec.Column, value, judged, m));
                    checks.Add(SegmentCheck(spec.Column, value, judged, m, policy, multiclass, spec.MinSupport));
                }
            }
            if (input.Champion is { } ch)
            {
                if (ch.Scores.Length != input.Scores.Length)
                    throw new ArgumentException($"champion {ch.Name} has {ch.Scores.Length} outputs for {input.Scores.Length}; score it on the same rows");
                var championSanity = multiclass ? TaskSanity.Multiclass(ch.Scores, rows, k) : TaskSanity.Regression(ch.Scores, []);
                if (championSanity.Take(multiclass ? 2 : 1).Any(c => c.Outcome != CheckOutcome.Pass))
                {
                    notes.Add($"champion {ch.Name} produced invalid outputs on the holdout; compared on absolute thresholds only");
                }
                else
                {
                    champion = multiclass
                        ? TaskChampionComparison.Compare(ch.Name, "log_loss", LogLosses(input.Scores, input.Labels, k), LogLosses(ch.Scores, input.Labels, k), policy.ChampionMargin, false, policy.ChampionConfidence)
                        : TaskChampionComparison.Compare(ch.Name, "mse", SquaredErrors(input.Scores, input.Labels), SquaredErrors(ch.Scores, input.Labels), policy.ChampionMargin, true, policy.ChampionConfidence);
                    checks.Add(ChampionCheck(champion, policy.ChampionMargin, multiclass));
                }
            }
            else
            {
                notes.Add("no champion: there is no accepted model to compare with, so only absolute thresholds were judged");
            }
        }
        if (input.ForceAcceptReason is { } reason) notes.Add($"force-accepted: {reason}");
        return new EvaluationReport
        {
            Subject = input.Subject,
            Task = input.Task.Name(),
            ThresholdPolicy = multiclass ? "argmax" : "none",
            TaskMetrics = overall,
            TaskSegments = segments,
            TaskChampion = champion,
            Verdict = new Verdict
            {
                Gate = EvaluationGate.GateName,
                Subject = input.Subject,
                Checks = checks,
                Notes = notes,
                ForceAcceptedReason = string.IsNullOrWhiteSpace(input.ForceAcceptReason) ? null : input.ForceAcceptReason,
            },
        };
    }

    private static TaskMetrics Measure(EvaluationInput input, int[]? rows) => input.Task == ModelTask.Multiclass
        ? TaskMetricCalculator.Multiclass(input.Scores, input.Labels, input.Classes, Math.Clamp(input.Policy.TopK, 1, input.Classes.Count), rows)
        : TaskMetricCalculator.Regression(input.Scores, input.Labels, rows);

    private static IEnumerable<Check> Bounds(TaskMetrics m, EvaluationPolicy p, bool multiclass, string prefix)
    {
        if (multiclass)
        {
            if (p.MinAccuracy is { } a) yield return Bound(prefix + "accuracy", m["accuracy"]!, a, higherIsBetter: true, m.Rows);
            if (p.MinMacroF1 is { } f) yield return Bound(prefix + "macro_f1", m["macro_f1"]!, f, higherIsBetter: true, m.Rows);
            if (p.MaxLogLoss is { } l) yield return Bound(prefix + "log_loss", m["log_loss"]!, l, higherIsBetter: false, m.Rows);
            if (p.MinTopKAccuracy is { } t) yield return Bound(prefix + m.Metrics[3].Name, m.Metrics[3], t, higherIsBetter: true, m.Rows);
        }
        else
        {
            if (p.MaxRmse is { } r) yield return Bound(prefix + "rmse", m["rmse"]!, r, higherIsBetter: false, m.Rows);
            if (p.MaxMae is { } a) yield return Bound(prefix + "mae", m["mae"]!, a, higherIsBetter: false, m.Rows);
            if (p.MinR2 is { } r2) yield return Bound(prefix + "r2", m["r2"]!, r2, higherIsBetter: true, m.Rows);
            if (p.MaxResidualBias is { } b)
            {
                var bias = m["residual_bias"]!;
                // Biased only when the whole interval is beyond the bound on one side.
                var fail = bias.Lower > b || bias.Upper < -b;
                yield return new Check
                {
                    Metric = prefix + "residual bias (mean prediction − label)", Observed = F($"{bias.Value:+0.####;-0.####;0}"), Threshold = F($"|bias| <= {b:0.####} (95 % CI)"),
                    SampleSize = m.Rows, Value = bias.Value, ConfidenceInterval = new Interval(bias.Lower, bias.Upper, 0.95),
                    Outcome = fail ? CheckOutcome.Fail : Math.Abs(bias.Value) > b ? CheckOutcome.Warn : CheckOutcome.Pass,
                    Detail = fail ? F($"the model is systematically {(bias.Value > 0 ? "above" : "below")} the label by {Math.Abs(bias.Value):0.####} (95 % CI {bias.Lower:0.####}..{bias.Upper:0.####}); check the target's units or retrain") : null,
                };
            }
        }
    }

    /// <summary>Pass when the whole 95 % interval clears the bound, Warn when only the point estimate does, Fail when the point estimate misses.</summary>
    private static Check Bound(string metric, TaskMetric m, double bound, bool higherIsBetter, int rows)
    {
        var pointOk = higherIsBetter ? m.Value >= bound : m.Value <= bound;
        var intervalOk = higherIsBetter ? m.Lower >= bound : m.Upper <= bound;
        var outcome = !pointOk ? CheckOutcome.Fail : intervalOk ? CheckOutcome.Pass : CheckOutcome.Warn;
        return new Check
        {
            Metric = metric, Observed = F($"{m.Value:0.0000}"), Threshold = F($"{(higherIsBetter ? ">=" : "<=")} {bound:0.####}"), SampleSize = rows, Value = m.Value,
            ConfidenceInterval = new Interval(m.Lower, m.Upper, 0.95), Outcome = outcome,
            Detail = outcome switch
            {
                CheckOutcome.Fail => F($"{metric} {m.Value:0.0000} (95 % CI {m.Lower:0.0000}–{m.Upper:0.0000}) is {(higherIsBetter ? "below" : "above")} the policy bound {bound} in model.yaml evaluation"),
                CheckOutcome.Warn => F($"the point estimate clears {bound} but the 95 % CI ({m.Lower:0.0000}–{m.Upper:0.0000}) does not; more holdout rows would settle it"),
                _ => null,
            },
        };
    }

    private static Check ClassRecall(TaskMetrics m, EvaluationPolicy p)
    {
        var worst = Enumerable.Range(0, m.Classes.Count).Where(c => m.ClassSupport[c] > 0).OrderBy(c => m.ClassRecall[c]).FirstOrDefault();
        var recall = m.ClassRecall.Count == 0 ? 0 : m.ClassRecall[worst];
        var judged = p.MinClassRecall is not null;
        var ok = p.MinClassRecall is not { } min || recall >= min;
        return new Check
        {
            Metric = "per-class recall (lowest)",
            Observed = F($"{m.Classes[worst]} {recall:0.000} ({m.Confusion[worst][worst]} of {m.ClassSupport[worst]})"),
            Threshold = judged ? F($">= {p.MinClassRecall:0.###} for every class") : "reported",
            SampleSize = m.Rows, Value = recall,
            Outcome = !judged ? CheckOutcome.Info : ok ? CheckOutcome.Pass : CheckOutcome.Fail,
            Detail = string.Join("; ", Enumerable.Range(0, m.Classes.Count).Select(c => F($"{m.Classes[c]} {m.ClassRecall[c]:0.00}"))),
        };
    }

    private static Check SegmentCheck(string column, string value, bool judged, TaskMetrics m, EvaluationPolicy p, bool multiclass, int minSupport)
    {
        var (name, bound, higher) = multiclass
            ? ("accuracy", p.MinAccuracy, true)
            : ("rmse", p.MaxRmse, false);
        var metric = m[name]!;
        var label = $"segment {column}={value}: {name}";
        if (!judged || bound is not { } b)
            return new Check
            {
                Metric = label, Observed = F($"{metric.Value:0.0000}"), Threshold = "reported only", SampleSize = m.Rows, Value = metric.Value,
                ConfidenceInterval = new Interval(metric.Lower, metric.Upper, 0.95), Outcome = CheckOutcome.Info,
                Detail = judged ? $"no evaluation bound for {name}" : $"{m.Rows} rows: below minimum support ({Math.Max(minSupport, MinSegmentRows)}), not judged",
            };
        // Segments are small: fail only when the whole CI misses the bound, warn when the point estimate does.
        var fail = higher ? metric.Upper < b : metric.Lower > b;
        var warn = higher ? metric.Value < b : metric.Value > b;
        return new Check
        {
            Metric = label, Observed = F($"{metric.Value:0.0000}"), Threshold = F($"{(higher ? ">=" : "<=")} {b:0.####} (CI {(higher ? "upper" : "lower")})"),
            SampleSize = m.Rows, Value = metric.Value, ConfidenceInterval = new Interval(metric.Lower, metric.Upper, 0.95),
            Outcome = fail ? CheckOutcome.Fail : warn ? CheckOutcome.Warn : CheckOutcome.Pass,
            Detail = fail ? F($"even the 95 % CI ({metric.Lower:0.0000}–{metric.Upper:0.0000}) misses {b}: the model fails this segment") : null,
        };
    }

    private static Check ChampionCheck(TaskChampionComparison c, double margin, bool multiclass) => new()
    {
        Metric = $"{c.Metric} − champion {c.Metric} ({c.Champion})",
        Observed = F($"{c.Difference:+0.0000;-0.0000;0.0000} ({c.ChallengerValue:0.0000} vs {c.ChampionValue:0.0000})"),
        Threshold = multiclass
            ? F($"upper bound < {c.Allowed:0.####} (one-sided {c.Confidence:P0}, paired per row)")
            : F($"upper bound < {c.Allowed:0.####} = {margin:0.###} × champion mse (one-sided {c.Confidence:P0}, paired per row)"),
        SampleSize = c.Rows,
        Value = c.Difference,
        ConfidenceInterval = new Interval(c.LowerBound, c.UpperBound, 2 * c.Confidence - 1),
        Outcome = c.NonInferior ? CheckOutcome.Pass : CheckOutcome.Fail,
        Detail = c.NonInferior
            ? F($"non-inferior: upper bound {c.UpperBound:+0.0000;-0.0000} < {c.Allowed:0.####} (p = {c.PValue:0.####})")
            : F($"the challenger is not shown non-inferior to {c.Champion}: one-sided {c.Confidence:P0} upper bound of the {c.Metric} increase {c.UpperBound:+0.0000;-0.0000} ≥ {c.Allowed:0.####} (p = {c.PValue:0.####}); improve the model, or use --force-accept \"reason\""),
    };

    internal static double[] LogLosses(float[] probabilities, float[] labels, int k)
    {
        var loss = new double[labels.Length];
        for (var i = 0; i < labels.Length; i++) loss[i] = -Math.Log(Math.Clamp(probabilities[i * k + (int)labels[i]], 1e-15, 1));
        return loss;
    }

    internal static double[] SquaredErrors(float[] values, float[] labels)
    {
        var loss = new double[labels.Length];
        for (var i = 0; i < labels.Length; i++) loss[i] = ((double)values[i] - labels[i]) * ((double)values[i] - labels[i]);
        return loss;
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A segment of a multiclass or regression holdout: its metrics and whether it had the support to be judged.</summary>
public sealed record TaskSegment(string Column, string Value, bool Judged, TaskMetrics Metrics);
