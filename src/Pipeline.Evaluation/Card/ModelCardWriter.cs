using System.Globalization;
using System.Text;
using Pipeline.Core.Verdicts;
using Pipeline.Evaluation.Metrics;

namespace Pipeline.Evaluation.Card;

/// <summary>Renders the model card (Markdown): intended use, training data, metrics overall and per segment, champion comparison, limitations, lineage.</summary>
public static class ModelCardWriter
{
    public static string Render(ModelCardInput input)
    {
        var c = input.Config;
        var e = input.Evaluation;
        var md = new StringBuilder();
        void L(FormattableString s) => md.Append(s.ToString(CultureInfo.InvariantCulture)).Append('\n');
        void Raw(string s) => md.Append(s).Append('\n');

        L($"# Model card: {c.Name}");
        Raw("");
        L($"**Verdict:** {Verdict(e.Verdict)} · **Model:** `{input.ModelDigest}`");
        Raw("");
        if (c.Description.Length > 0) { Raw(c.Description); Raw(""); }
        Raw("## Intended use");
        Raw("");
        Raw(c.IntendedUse.Length > 0 ? c.IntendedUse : "_Not stated in model.yaml (intendedUse)._");
        Raw("");
        Raw("## Training data");
        Raw("");
        L($"- Contract: `{c.Data.Contract}`, file `{c.Data.Path}`, digest `{(input.DataDigest.Length > 0 ? input.DataDigest : "unknown")}`");
        L($"- Label: `{c.Data.Label}`; features: numeric {string.Join(", ", c.Features.Numeric)}; categorical {string.Join(", ", c.Features.Categorical)}");
        L($"- Split: {(input.SplitDescription.Length > 0 ? input.SplitDescription : c.Split.Method)}; training rows {input.TrainingRows}");
        L($"- Source: {c.Source.Kind}{(c.Source.Kind == "train" ? $" ({c.Source.Trainer})" : c.Source.Kind == "external" ? $" (`{c.Source.Command}`)" : $" (`{c.Source.Onnx}`)")}");
        foreach (var line in input.ProfileSummary) L($"- {line}");
        Raw("");
        Raw("## Metrics on the holdout (scored by ONNX Runtime)");
        Raw("");
        if (e.Overall is { } m)
        {
            Raw("| metric | value |");
            Raw("| --- | --- |");
            L($"| rows / positives | {m.Rows} / {m.Positives} |");
            L($"| ROC AUC (95 % CI, DeLong) | {N(m.Auc)} ({N(m.AucLower)}–{N(m.AucUpper)}) |");
            L($"| PR AUC (average precision) | {N(m.PrAuc)} |");
            L($"| log loss | {m.LogLoss:0.0000} |");
            L($"| Brier score | {m.Brier:0.0000} |");
            L($"| expected calibration error | {m.CalibrationError:0.0000} |");
            L($"| threshold ({e.ThresholdPolicy}) | {m.Threshold:0.####} |");
            L($"| precision / recall / F1 at threshold | {m.Confusion.Precision:0.###} / {m.Confusion.Recall:0.###} / {m.Confusion.F1:0.###} |");
            L($"| confusion (TP, FP, TN, FN) | {m.Confusion.TruePositives}, {m.Confusion.FalsePositives}, {m.Confusion.TrueNegatives}, {m.Confusion.FalseNegatives} |");
        }
        else if (e.TaskMetrics is { } t)
        {
            L($"Task: **{e.Task}**; {t.Rows} holdout rows; 95 % intervals from {Tasks.TaskMetricCalculator.Resamples} bootstrap resamples.");
            Raw("");
            Raw("| metric | value | 95 % CI |");
            Raw("| --- | --- | --- |");
            foreach (var metric in t.Metrics) L($"| {metric.Name} | {metric.Value:0.0000} | {metric.Lower:0.0000}–{metric.Upper:0.0000} |");
            if (t.ResidualQuantiles.Count == 5)
                L($"| residual (prediction − label) 5/25/50/75/95 % | {string.Join(" / ", t.ResidualQuantiles.Select(q => q.ToString("0.###", CultureInfo.InvariantCulture)))} | |");
            if (t.Classes.Count > 0)
            {
                Raw("");
                Raw("Per class (rows: label, columns: predicted):");
                Raw("");
                Raw("| class | support | recall | " + string.Join(" | ", t.Classes) + " |");
                Raw("| --- | --- | --- | " + string.Join(" | ", t.Classes.Select(_ => "---")) + " |");
                for (var k = 0; k < t.Classes.Count; k++)
                    L($"| {t.Classes[k]} | {t.ClassSupport[k]} | {t.ClassRecall[k]:0.000} | {string.Join(" | ", t.Confusion[k])} |");
            }
        }
        else
        {
            Raw("_Not computed: the model's outputs failed the sanity checks._");
        }
        if (e.TaskSegments.Count > 0)
        {
            Raw("");
            Raw("### Per segment");
            Raw("");
            Raw("| segment | rows | " + string.Join(" | ", e.TaskSegments[0].Metrics.Metrics.Select(m => m.Name)) + " | judged |");
            Raw("| --- | --- | " + string.Join(" | ", e.TaskSegments[0].Metrics.Metrics.Select(_ => "---")) + " | --- |");
            foreach (var s in e.TaskSegments)
                L($"| {s.Column}={s.Value} | {s.Metrics.Rows} | {string.Join(" | ", s.Metrics.Metrics.Select(m => m.Value.ToString("0.0000", CultureInfo.InvariantCulture)))} | {(s.Judged ? "yes" : "no (below min support)")} |");
        }
        Raw("");
        if (e.Segments.Count > 0)
        {
            Raw("### Per segment");
            Raw("");
            Raw("| segment | rows | positives | AUC (95 % CI) | PR AUC | recall at threshold | judged |");
            Raw("| --- | --- | --- | --- | --- | --- | --- |");
            foreach (var s in e.Segments)
                L($"| {s.Column}={s.Value} | {s.Metrics.Rows} | {s.Metrics.Positives} | {N(s.Metrics.Auc)} ({N(s.Metrics.AucLower)}–{N(s.Metrics.AucUpper)}) | {N(s.Metrics.PrAuc)} | {s.Metrics.Confusion.Recall:0.###} | {(s.Judged ? "yes" : "no (below min support)")} |");
            Raw("");
        }
        Raw("## Champion comparison");
        Raw("");
        if (e.TaskChampion is { } tc)
            L($"Against `{tc.Champion}` on the same {tc.Rows} rows: {tc.Metric} {tc.ChallengerValue:0.0000} vs {tc.ChampionValue:0.0000}, difference {tc.Difference:+0.0000;-0.0000;0.0000}, one-sided {tc.Confidence:P0} upper bound {tc.UpperBound:+0.0000;-0.0000} against the allowed increase {tc.Allowed:0.####} (paired per row, p = {tc.PValue:0.####}): {(tc.NonInferior ? "non-inferior" : "NOT shown non-inferior")}.");
        else if (e.Champion is { } ch)
            L($"Against `{ch.Champion}` on the same {ch.Rows} rows: AUC {ch.ChallengerAuc:0.0000} vs {ch.ChampionAuc:0.0000}, difference {ch.Difference:+0.0000;-0.0000;0.0000}, one-sided {ch.Confidence:P0} lower bound {ch.LowerBound:+0.0000;-0.0000} against margin −{ch.Margin} (paired DeLong, p = {ch.PValue:0.####}): {(ch.NonInferior ? "non-inferior" : "NOT shown non-inferior")}.");
        else
            Raw("No champion: absolute thresholds only.");
        Raw("");
        Raw("## Gate checks");
        Raw("");
        Raw("| check | observed | required | n | outcome |");
        Raw("| --- | --- | --- | --- | --- |");
        foreach (var check in e.Verdict.Checks)
            L($"| {check.Metric} | {check.Observed} | {check.Threshold} | {check.SampleSize?.ToString(CultureInfo.InvariantCulture) ?? ""} | {check.Outcome} |");
        foreach (var note in e.Verdict.Notes) L($"- {note}");
        Raw("");
        Raw("## Limitations");
        Raw("");
        Raw("- Metrics come from one holdout drawn from the same dataset as the training rows; they do not show behaviour under drift (ValidateData and the canary judge watch that).");
        Raw("- Segments below the minimum support are reported but not judged; their estimates are noisy.");
        if (e.Overall is { } o && o.Positives < 200)
            L($"- Only {o.Positives} positives in the holdout: the AUC interval is wide.");
        if (c.Data.Generate is not null)
            Raw("- The training data is produced by a synthetic generator; real-world performance is unknown until measured on real traffic.");
        Raw("");
        Raw("## Lineage");
        Raw("");
        L($"- model: `{input.ModelDigest}`");
        foreach (var (key, value) in input.Lineage) L($"- {key}: `{value}`");
        return md.ToString();
    }

    private static string Verdict(Verdict v) =>
        v.ForceAcceptedReason is { } r && v.Outcome == CheckOutcome.Fail ? $"FORCE-ACCEPTED ({r})" : v.Outcome.ToString().ToUpperInvariant();

    private static string N(double? v) => v is { } x ? x.ToString("0.0000", CultureInfo.InvariantCulture) : "n/a";
}
