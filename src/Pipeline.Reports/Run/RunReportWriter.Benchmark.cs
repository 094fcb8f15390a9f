using System.Text;
using Pipeline.Benchmarking.Gate;
using Pipeline.Benchmarking.Latency;
using Pipeline.Reports.Charts;
using static Pipeline.Reports.HtmlText;

namespace Pipeline.Reports.Run;

public static partial class RunReportWriter
{
    private static string BenchmarkHtml(RunReportInput input)
    {
        if (input.Benchmark is not { } report) return Absent("BenchmarkGate did not run for this run's model.");
        var sb = new StringBuilder();
        sb.Append("<table id=\"latency\"><caption>Open-loop latency at the policy rate (all rounds merged)</caption>")
          .Append(Head("server", "requests", "errors", "p50", "p95", "p99", "p99.9", "max", "peak RSS", "CPU per request")).Append("<tbody>");
        foreach (var (role, v) in new[] { ("candidate", report.Candidate), ("champion", report.Champion) })
        {
            if (v is null) continue;
            var l = v.OpenLoopLatency;
            sb.Append($"<tr data-variant=\"{role}\"><td>{Esc(role)}: {Esc(v.Label)}</td><td>{N(l.Count)}</td><td>{N(v.Errors)}</td><td>{N(l.P50Ms, "0.00")} ms</td><td>{N(l.P95Ms, "0.00")} ms</td>")
              .Append($"<td>{Key(role + "-p99", N(l.P99Ms, "0.00"))} ms</td><td>{N(l.P999Ms, "0.00")} ms</td><td>{N(l.MaxMs, "0.00")} ms</td>")
              .Append($"<td>{(v.PeakRssMb is { } rss ? N(rss, "0.0") + " MB" : "–")}</td><td>{(v.CpuMicrosecondsPerRequest is { } cpu ? N(cpu, "0.0") + " µs" : "–")}</td></tr>");
        }
        sb.Append("</tbody></table>");
        if (report.Cost is { } cost)
            sb.Append($"<p>Cost regression (server CPU per request, candidate over champion, {cost.Rounds} paired rounds): {N(cost.RegressionPercent, "+0.0;-0.0")} % ")
              .Append($"[{N(cost.LowerPercent, "0.0")}, {N(cost.UpperPercent, "0.0")}] at {Pct(cost.Confidence, 0)}; {Esc(cost.Decision.ToString())}.</p>");
        if (report.Candidate is { } candidate && candidate.OpenLoopLatency.Bins.Count > 0)
            sb.Append(LatencyChart(candidate, report.Champion));
        return sb.ToString();
    }

    private static string LatencyChart(VariantMeasurement candidate, VariantMeasurement? champion)
    {
        var plot = Figure.New("Latency distribution at the policy rate", "latency (ms)", "share of requests (%)");
        AddLatency(plot, candidate.OpenLoopLatency, Figure.Candidate, "candidate");
        if (champion is { OpenLoopLatency.Bins.Count: > 0 }) AddLatency(plot, champion.OpenLoopLatency, Figure.Reference, "champion");
        var p99 = plot.Add.VerticalLine(candidate.OpenLoopLatency.P99Ms);
        p99.LineStyle.Pattern = ScottPlot.LinePattern.Dashed; p99.Color = Figure.Candidate; p99.LegendText = "candidate p99";
        var limit = Math.Max(candidate.OpenLoopLatency.P999Ms, champion?.OpenLoopLatency.P999Ms ?? 0) * 1.2;
        plot.Axes.SetLimitsX(0, Math.Max(limit, 0.1));
        plot.Axes.Margins(bottom: 0);
        plot.ShowLegend(ScottPlot.Alignment.UpperRight);
        return Figure.Html(plot, "Histograms of request latency, candidate" + (champion is null ? "" : " against champion"),
            "Share of requests per latency bin (bins widen with latency; the x axis stops at 1.2 × p99.9). Look for the candidate's mass moving right of the champion's, or a second hump in the tail.",
            "chart-latency");
    }

    private static void AddLatency(ScottPlot.Plot plot, LatencySummary latency, ScottPlot.Color color, string label)
    {
        var total = Math.Max(1, latency.Bins.Sum(b => b.Count));
        var xs = new List<double>();
        var ys = new List<double>();
        foreach (var b in latency.Bins)
        {
            // Density per ms scaled back to "share per bin of the median width" would hide the bins' widths; a step line shows them.
            xs.Add(b.LowerMs); ys.Add(100.0 * b.Count / total);
            xs.Add(b.UpperMs); ys.Add(100.0 * b.Count / total);
        }
        var s = plot.Add.Scatter(xs.ToArray(), ys.ToArray());
        s.Color = color; s.MarkerSize = 0; s.LineWidth = 2; s.LegendText = label;
        s.FillY = true; s.FillYColor = color.WithAlpha(0.2);
    }

    private static string ImageHtml(RunReportInput input)
    {
        if (input.Image is not { } image) return Absent("PackageImage did not run for this run's model.");
        var sb = new StringBuilder("<dl class=\"facts\">");
        sb.Append($"<dt>Tag</dt><dd><code>{Esc(image.Tag)}</code></dd><dt>Digest</dt><dd><code>{Key("image-digest", image.Digest)}</code></dd>")
          .Append($"<dt>Model digest</dt><dd><code>{Esc(image.ModelDigest)}</code></dd><dt>Base</dt><dd><code>{Esc(image.BaseImage)}</code></dd>")
          .Append($"<dt>Compressed size</dt><dd>{N(image.CompressedSize / 1e6, "0.0")} MB</dd>");
        if (image.Pushed is { } pushed) sb.Append($"<dt>Pushed</dt><dd><code>{Esc(pushed)}</code></dd>");
        sb.Append("</dl><table id=\"labels\"><caption>Image labels</caption>").Append(Head("label", "value")).Append("<tbody>");
        foreach (var (k, v) in image.Labels.OrderBy(l => l.Key, StringComparer.Ordinal)) sb.Append(Row(k, v));
        sb.Append("</tbody></table><table id=\"layers\"><caption>Layers</caption>").Append(Head("layer", "size", "digest")).Append("<tbody>");
        foreach (var l in image.Layers) sb.Append(Row(l.Description, N(l.Size / 1e6, "0.00") + " MB", l.Digest));
        return sb.Append("</tbody></table>").ToString();
    }
}
