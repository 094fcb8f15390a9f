using System.Text;
using Pipeline.Reports.Canary;
using Pipeline.Reports.Charts;
using static Pipeline.Reports.HtmlText;

namespace Pipeline.Reports.Run;

public static partial class RunReportWriter
{
    private static string CanaryHtml(RunReportInput input)
    {
        if (input.Release is not { } release) return Absent("DeployCanary did not run for this run's model.");
        var sb = new StringBuilder();
        sb.Append($"<p class=\"decision\"><strong>Decision: {Key("release-kind", release.Kind)}</strong> — {Esc(release.Message)}</p>");
        sb.Append($"<p>Stable {Esc(release.StableVersion ?? "–")}, canary {Esc(release.CanaryVersion ?? "–")}; endpoint <code>{Esc(release.Endpoint ?? "–")}</code>.</p>");
        var decisions = input.Decisions;
        if (decisions.Count == 0)
            return sb.Append(Absent(release.Steps.Count == 0
                ? "No canary steps: a first release goes straight to production after the gates, and a release of the version already live changes nothing."
                : "The judge's decisions were not found in the registry for this run.")).ToString();

        var start = decisions[0].At;
        double T(DateTimeOffset at) => (at - start).TotalSeconds;
        sb.Append(WeightChart(decisions, T));
        foreach (var metric in decisions.SelectMany(d => d.Metrics).Where(m => m.Evidence is not null).Select(m => m.Metric).Distinct())
            sb.Append(EvidenceChart(metric, decisions, T));
        sb.Append("<table id=\"decisions\"><caption>Every judge decision (registry events of this run)</caption>")
          .Append(Head("time", "stage", "weight", "action", "reason", "evidence")).Append("<tbody>");
        foreach (var d in decisions)
            sb.Append($"<tr data-action=\"{Attr(d.Action)}\"><td>+{N(T(d.At), "0.0")} s</td><td>{Esc(d.Stage)}</td><td>{N(d.Weight, "0.#")} %{(d.NextWeight is { } next ? $" → {N(next, "0.#")} %" : "")}</td>")
              .Append($"<td>{Esc(d.Action)}</td><td>{Esc(d.Reason)}</td><td><ul>{string.Concat(d.Metrics.Select(m => $"<li>{Esc($"{m.Metric}: {m.Status}; canary {m.Canary} (n={m.CanarySamples}) vs stable {m.Stable} (n={m.StableSamples}); {m.Statistic}")}</li>"))}</ul></td></tr>");
        return sb.Append("</tbody></table>").ToString();
    }

    private static string WeightChart(IReadOnlyList<RolloutDecision> decisions, Func<DateTimeOffset, double> t)
    {
        var xs = new List<double> { 0 };
        var ys = new List<double> { decisions[0].Weight };
        foreach (var d in decisions)
        {
            xs.Add(t(d.At)); ys.Add(d.Weight);
            var after = d.Action switch { "promote" => 100, "rollback" => 0, _ => d.NextWeight ?? d.Weight };
            xs.Add(t(d.At)); ys.Add(after);
        }
        var plot = Figure.New("Canary weight over the rollout", "time since the first decision (s)", "canary share of traffic (%)");
        var s = plot.Add.Scatter(xs.ToArray(), ys.ToArray());
        s.Color = Figure.Candidate; s.LineWidth = 2; s.MarkerSize = 0; s.LegendText = "canary weight";
        var marks = plot.Add.Scatter(decisions.Select(d => t(d.At)).ToArray(), decisions.Select(d => d.Weight).ToArray());
        marks.LineWidth = 0; marks.MarkerSize = 7; marks.Color = ScottPlot.Colors.Black; marks.LegendText = "judge decision";
        plot.Axes.SetLimitsY(0, 105);
        plot.ShowLegend(ScottPlot.Alignment.UpperLeft);
        return Figure.Html(plot, "Step chart of the canary's traffic weight over time with the judge's decisions",
            "The canary's share of traffic over time; each dot is a judge decision. A step up is an advance, a drop to 0 a rollback, a rise to 100 a promotion.",
            "chart-weights");
    }

    private static string EvidenceChart(string metric, IReadOnlyList<RolloutDecision> decisions, Func<DateTimeOffset, double> t)
    {
        var points = decisions.SelectMany(d => d.Metrics.Where(m => m.Metric == metric && m.Evidence is not null).Select(m => (X: t(d.At), M: m))).ToList();
        var plot = Figure.New($"{metric}: evidence over time", "time since the first decision (s)", EvidenceUnit(points[0].M));
        var s = plot.Add.Scatter(points.Select(p => p.X).ToArray(), points.Select(p => p.M.Evidence!.Value).ToArray());
        s.Color = Figure.Candidate; s.LineWidth = 2; s.MarkerSize = 6; s.LegendText = "evidence";
        if (points.Any(p => p.M.BreachBound is not null))
        {
            var b = plot.Add.Scatter(points.Select(p => p.X).ToArray(), points.Select(p => p.M.BreachBound ?? double.NaN).ToArray());
            b.Color = Figure.Bound; b.LineStyle.Pattern = ScottPlot.LinePattern.Dashed; b.MarkerSize = 0; b.LegendText = "breach bound (roll back above)";
        }
        if (points.Any(p => p.M.AcceptBound is not null))
        {
            var a = plot.Add.Scatter(points.Select(p => p.X).ToArray(), points.Select(p => p.M.AcceptBound ?? double.NaN).ToArray());
            a.Color = new ScottPlot.Color(0x1d, 0x5e, 0x20); a.LineStyle.Pattern = ScottPlot.LinePattern.Dotted; a.MarkerSize = 0; a.LegendText = "healthy bound (pass below)";
        }
        plot.ShowLegend(ScottPlot.Alignment.UpperLeft);
        return Figure.Html(plot, $"Line chart of the judge's evidence on {metric} over time against its bounds",
            $"{metric}: the judge's test statistic at each decision against its bounds ({points[^1].M.Threshold}). Crossing the red dashed line is a breach and rolls the canary back; for a sequential test, reaching the green dotted line is enough evidence that the canary is healthy.",
            $"chart-evidence-{metric}");
    }

    private static string EvidenceUnit(MetricEvidence m) =>
        m.AcceptBound is not null ? "log-likelihood ratio (breach vs healthy)"
        : m.Threshold.Contains("PSI", StringComparison.Ordinal) ? "score PSI (canary vs stable)"
        : "statistic";
}
