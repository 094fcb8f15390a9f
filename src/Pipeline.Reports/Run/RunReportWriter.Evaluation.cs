using System.Text;
using System.Text.Json;
using Pipeline.Evaluation.Metrics;
using Pipeline.Reports.Charts;
using static Pipeline.Reports.HtmlText;

namespace Pipeline.Reports.Run;

public static partial class RunReportWriter
{
    private static string EvaluationHtml(RunReportInput input)
    {
        if (input.Evaluation is not { } report) return Absent("EvaluateGate did not run for this run's model.");
        var sb = new StringBuilder();
        sb.Append($"<p>Subject: <code>{Esc(report.Subject)}</code>; threshold policy {Esc(report.ThresholdPolicy)}; verdict ")
          .Append($"<span class=\"outcome-{report.Verdict.Outcome.ToString().ToLowerInvariant()}\">{Esc(report.Verdict.Outcome.ToString())}</span>.</p>");
        if (report.Overall is { } overall)
        {
            // Every metric the report holds, whatever the task: the names come from the stored JSON, not from a fixed list.
            sb.Append("<table id=\"metrics\"><caption>Holdout metrics</caption>").Append(Head("metric", "value")).Append("<tbody>");
            using var doc = JsonDocument.Parse(JsonSerializer.Serialize(overall, JsonOptions));
            foreach (var p in doc.RootElement.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Number))
                sb.Append($"<tr><td>{Esc(p.Name)}</td><td>{Key("metric-" + p.Name, N(p.Value.GetDouble()))}</td></tr>");
            sb.Append("</tbody></table>");
            sb.Append(ConfusionHtml(overall.Confusion, overall.Threshold));
        }
        if (report.Curves is { } curves)
        {
            sb.Append(RocChart(curves, report.Champion?.Champion));
            sb.Append(PrChart(curves, report.Overall));
            sb.Append(CalibrationChart(curves));
        }
        sb.Append(SegmentsHtml(report));
        sb.Append(ChampionHtml(report));
        return sb.ToString();
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    private static string ConfusionHtml(ConfusionMatrix c, double threshold) =>
        $"<table id=\"confusion\"><caption>Confusion matrix at threshold {N(threshold)} (rows: actual, columns: predicted)</caption>" +
        Head("actual \\ predicted", "predicted negative", "predicted positive") + "<tbody>" +
        $"<tr><th scope=\"row\">actual negative</th><td class=\"cm\">{Key("tn", N(c.TrueNegatives))}</td><td class=\"cm\">{Key("fp", N(c.FalsePositives))}</td></tr>" +
        $"<tr><th scope=\"row\">actual positive</th><td class=\"cm\">{Key("fn", N(c.FalseNegatives))}</td><td class=\"cm\">{Key("tp", N(c.TruePositives))}</td></tr>" +
        $"</tbody></table><p>Precision {Pct(c.Precision)}, recall {Pct(c.Recall)}, false-positive rate {Pct(c.FalsePositiveRate, 2)}, F1 {N(c.F1, "0.000")}.</p>";

    private static string RocChart(EvaluationCurves curves, string? champion)
    {
        var plot = Figure.New("ROC curve", "false positive rate (share of negatives)", "true positive rate (share of positives)");
        var diagonal = plot.Add.Scatter(new double[] { 0, 1 }, new double[] { 0, 1 });
        diagonal.LineStyle.Pattern = ScottPlot.LinePattern.Dashed; diagonal.Color = ScottPlot.Colors.Gray; diagonal.MarkerSize = 0; diagonal.LegendText = "chance";
        Line(plot, curves.Roc, Figure.Candidate, "candidate");
        if (curves.ChampionRoc is { } ch) Line(plot, ch, Figure.Reference, $"champion {champion}");
        plot.Axes.SetLimits(0, 1, 0, 1);
        plot.ShowLegend(ScottPlot.Alignment.LowerRight);
        return Figure.Html(plot, "ROC curve of the candidate" + (curves.ChampionRoc is null ? "" : " and the champion"),
            "ROC: share of positives caught against share of negatives flagged, over every threshold. Higher and further left is better; where the candidate's curve falls below the champion's, it loses at those operating points.",
            "chart-roc");
    }

    private static string PrChart(EvaluationCurves curves, MetricSet? overall)
    {
        var plot = Figure.New("Precision–recall curve", "recall (share of positives caught)", "precision (share of flagged that are positive)");
        Line(plot, curves.PrecisionRecall, Figure.Candidate, "candidate");
        if (overall is { Rows: > 0 })
        {
            var baseRate = plot.Add.HorizontalLine((double)overall.Positives / overall.Rows);
            baseRate.LineStyle.Pattern = ScottPlot.LinePattern.Dashed; baseRate.Color = ScottPlot.Colors.Gray; baseRate.LegendText = "positive rate (chance)";
        }
        plot.Axes.SetLimits(0, 1, 0, 1);
        plot.ShowLegend(ScottPlot.Alignment.UpperRight);
        return Figure.Html(plot, "Precision-recall curve of the candidate",
            "Precision against recall over every threshold; the dashed line is what random flagging achieves. For rare positives this shows more than ROC: look at the precision left at the recall you need.",
            "chart-pr");
    }

    private static string CalibrationChart(EvaluationCurves curves)
    {
        var plot = Figure.New("Calibration (reliability)", "mean predicted probability in bin", "observed positive rate in bin");
        var diagonal = plot.Add.Scatter(new double[] { 0, 1 }, new double[] { 0, 1 });
        diagonal.LineStyle.Pattern = ScottPlot.LinePattern.Dashed; diagonal.Color = ScottPlot.Colors.Gray; diagonal.MarkerSize = 0; diagonal.LegendText = "perfect calibration";
        var s = plot.Add.Scatter(curves.Calibration.Select(b => b.MeanPredicted).ToArray(), curves.Calibration.Select(b => b.ObservedRate).ToArray());
        s.Color = Figure.Candidate; s.MarkerSize = 7; s.LegendText = "candidate (10 score bins)";
        plot.Axes.SetLimits(0, 1, 0, 1);
        plot.ShowLegend(ScottPlot.Alignment.UpperLeft);
        return Figure.Html(plot, "Reliability diagram: observed positive rate against mean predicted probability per score bin",
            "Each point is a tenth of the score range: predicted probability against how often the label was positive. Points on the diagonal mean the scores can be read as probabilities; below it the model is over-confident.",
            "chart-calibration");
    }

    private static void Line(ScottPlot.Plot plot, IReadOnlyList<CurvePoint> points, ScottPlot.Color color, string label)
    {
        var s = plot.Add.Scatter(points.Select(p => p.X).ToArray(), points.Select(p => p.Y).ToArray());
        s.Color = color; s.MarkerSize = 0; s.LineWidth = 2; s.LegendText = label;
    }

    private static string SegmentsHtml(Pipeline.Evaluation.Gate.EvaluationReport report)
    {
        if (report.Segments.Count == 0) return Absent("No segments are configured in the evaluation policy.");
        var sb = new StringBuilder("<table id=\"segments\"><caption>Per-segment metrics (95 % DeLong interval of the AUC)</caption>");
        sb.Append(Head("segment", "rows", "positives", "AUC", "95 % interval", "PR AUC", "log loss", "judged")).Append("<tbody>");
        foreach (var s in report.Segments)
            sb.Append(Row($"{s.Column}={s.Value}", N(s.Metrics.Rows), N(s.Metrics.Positives), s.Metrics.Auc is { } a ? N(a, "0.0000") : "–",
                s.Metrics.AucLower is { } lo && s.Metrics.AucUpper is { } hi ? $"[{N(lo, "0.000")}, {N(hi, "0.000")}]" : "–",
                s.Metrics.PrAuc is { } pr ? N(pr, "0.0000") : "–", N(s.Metrics.LogLoss, "0.0000"), s.Judged ? "yes" : "no (below minimum support)"));
        sb.Append("</tbody></table>");
        var withCi = report.Segments.Where(s => s.Metrics is { Auc: not null, AucLower: not null, AucUpper: not null }).ToList();
        if (withCi.Count > 0)
        {
            var plot = Figure.New("AUC per segment", "segment", "AUC (with 95 % interval)");
            var xs = withCi.Select((_, i) => (double)i).ToArray();
            var ys = withCi.Select(s => s.Metrics.Auc!.Value).ToArray();
            var points = plot.Add.Scatter(xs, ys);
            points.LineWidth = 0; points.MarkerSize = 8; points.Color = Figure.Candidate;
            var bars = plot.Add.ErrorBar(xs, ys, withCi.Select(s => s.Metrics.Auc!.Value - s.Metrics.AucLower!.Value).ToArray());
            bars.YErrorPositive = withCi.Select(s => s.Metrics.AucUpper!.Value - s.Metrics.Auc!.Value).ToArray();
            bars.Color = Figure.Candidate;
            if (report.Overall?.Auc is { } all)
            {
                var line = plot.Add.HorizontalLine(all);
                line.LineStyle.Pattern = ScottPlot.LinePattern.Dashed; line.Color = ScottPlot.Colors.Gray; line.LegendText = "overall AUC";
                plot.ShowLegend(ScottPlot.Alignment.LowerRight);
            }
            plot.Axes.Bottom.SetTicks(xs, withCi.Select(s => $"{s.Column}={s.Value}").ToArray());
            sb.Append(Figure.Html(plot, "AUC of each segment with its 95 % interval",
                "Each segment's AUC with its 95 % interval; the dashed line is the overall AUC. A segment whose whole interval sits below the line is where the model is weaker.",
                "chart-segments"));
        }
        return sb.ToString();
    }

    private static string ChampionHtml(Pipeline.Evaluation.Gate.EvaluationReport report)
    {
        if (report.Champion is not { } c) return Absent("No champion comparison: there was no accepted model to compare with.");
        return "<table id=\"champion\"><caption>Champion comparison (paired DeLong test on the same holdout rows)</caption>" +
               Head("champion", "candidate AUC", "champion AUC", "difference", "interval", "margin", "p-value", "non-inferior") + "<tbody>" +
               $"<tr><td>{Esc(c.Champion)}</td><td>{Key("challenger-auc", N(c.ChallengerAuc, "0.0000"))}</td><td>{Key("champion-auc", N(c.ChampionAuc, "0.0000"))}</td>" +
               $"<td>{N(c.Difference, "+0.0000;-0.0000")}</td><td>[{N(c.LowerBound, "0.0000")}, {N(c.UpperBound, "0.0000")}] at {Pct(c.Confidence, 0)}</td>" +
               $"<td>{N(c.Margin)}</td><td>{N(c.PValue, "0.0000")}</td><td>{(c.NonInferior ? "yes" : "no")}</td></tr></tbody></table>";
    }
}
