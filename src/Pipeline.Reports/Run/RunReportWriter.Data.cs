using System.Text;
using Pipeline.Core.Verdicts;
using Pipeline.Data.Contracts;
using Pipeline.Data.Profiling;
using Pipeline.Reports.Charts;
using static Pipeline.Reports.HtmlText;

namespace Pipeline.Reports.Run;

public static partial class RunReportWriter
{
    /// <summary>Above this many columns, histograms are drawn for the drifting ones first and the rest are listed in the table only.</summary>
    public const int MaxColumnCharts = 24;

    private static string DataHtml(RunReportInput input)
    {
        if (input.Profile is not { } profile) return Absent("ValidateData did not run for this run's model, so there is no data profile.");
        var drift = input.Verdicts.Where(v => v.Target == "ValidateData").SelectMany(v => v.Verdict.Checks)
            .Select(c => (Split: VerdictFolding.Split(c.Metric), Check: c)).Where(x => x.Split is not null)
            .GroupBy(x => x.Split!.Value.Subject).ToDictionary(g => g.Key, g => g.Select(x => x.Check).ToList());
        var sb = new StringBuilder();
        sb.Append($"<p>{Key("rows", N(profile.Rows))} rows of <code>{Esc(profile.Source)}</code> under contract {Esc(profile.Contract)}, ")
          .Append($"{N(profile.RejectedRows)} rejected; {profile.Columns.Count} columns. ")
          .Append(input.Baseline is { } b ? $"Drift is measured against the baseline profile of <code>{Esc(b.Source)}</code> ({N(b.Rows)} rows)." : "No baseline profile: this is the model's first accepted data, so no drift was measured.")
          .Append("</p>");
        sb.Append("<table><caption>Column profile and drift</caption>")
          .Append(Head("column", "type", "valid", "null rate", "mean", "min", "max", "drift checks"))
          .Append("<tbody>");
        foreach (var c in profile.Columns)
        {
            var checks = drift.GetValueOrDefault(c.Name) ?? [];
            var worst = checks.Select(x => x.Outcome).DefaultIfEmpty(CheckOutcome.Pass).Max();
            var shown = string.Join("; ", checks.Where(x => x.Outcome != CheckOutcome.Info).Select(x => $"{VerdictFolding.Split(x.Metric)!.Value.Rule} {x.Observed} ({x.Outcome})"));
            sb.Append($"<tr data-column=\"{Attr(c.Name)}\"><td>{Esc(c.Name)}</td><td>{Esc(c.Type.ToString())}</td><td>{N(c.Count)}</td><td>{Pct(c.NullRate, 2)}</td>")
              .Append($"<td>{(c.Mean is { } mean ? N(mean, "0.###") : "")}</td><td>{(c.Min is { } min ? N(min, "0.###") : "")}</td><td>{(c.Max is { } max ? N(max, "0.###") : "")}</td>")
              .Append($"<td class=\"outcome-{worst.ToString().ToLowerInvariant()}\">{Esc(shown)}</td></tr>");
        }
        sb.Append("</tbody></table>");

        var drawable = profile.Columns.Where(c => c.Histogram is { Count: > 0 } || c.Categories is { Count: > 0 })
            .OrderByDescending(c => (drift.GetValueOrDefault(c.Name) ?? []).Select(x => x.Outcome == CheckOutcome.Info ? CheckOutcome.Pass : x.Outcome).DefaultIfEmpty(CheckOutcome.Pass).Max())
            .ThenBy(c => profile.Columns.ToList().IndexOf(c))
            .ToList();
        if (drawable.Count > MaxColumnCharts)
            sb.Append($"<p>{drawable.Count} columns have distributions; the {MaxColumnCharts} drawn below are the drifting ones first, then in file order. The table above lists every column.</p>");
        foreach (var column in drawable.Take(MaxColumnCharts))
            sb.Append(ColumnChart(column, input.Baseline?.Column(column.Name)));
        return sb.ToString();
    }

    private static string ColumnChart(ColumnProfile current, ColumnProfile? baseline)
    {
        var against = baseline is null ? "" : " against the baseline";
        if (current.Kind == ProfileKind.Categorical || current.Histogram is not { Count: > 0 })
        {
            var categories = (current.Categories ?? []).Select(c => c.Value)
                .Concat((baseline?.Categories ?? []).Select(c => c.Value)).Distinct().Take(12).ToList();
            var plot = Figure.New($"{current.Name}: category shares", "category", "share of rows (%)");
            AddCategoryBars(plot, categories, current, 0, Figure.Candidate, "this data", baseline is null ? 0.8 : 0.4);
            if (baseline is not null) AddCategoryBars(plot, categories, baseline, 0.4, Figure.Reference, "baseline", 0.4);
            plot.Axes.Bottom.SetTicks(categories.Select((_, i) => i + (baseline is null ? 0.0 : 0.2)).ToArray(), categories.ToArray());
            plot.Axes.Margins(bottom: 0);
            if (baseline is not null) plot.ShowLegend();
            return Figure.Html(plot, $"Bar chart of the share of rows per category of {current.Name}{against}",
                $"{current.Name}: share of rows in each category (blue: this data{(baseline is null ? "" : "; orange: baseline")}). Look for a new category or a bar that grew or shrank.",
                $"chart-column-{current.Name}");
        }
        var numeric = Figure.New($"{current.Name}: distribution", $"{current.Name} (value)", "share of rows (%)");
        AddHistogram(numeric, current.Histogram, Figure.Candidate, "this data");
        if (baseline?.Histogram is { Count: > 0 } bh) AddHistogram(numeric, bh, Figure.Reference, "baseline");
        numeric.Axes.Margins(bottom: 0);
        if (baseline is not null) numeric.ShowLegend();
        return Figure.Html(numeric, $"Histogram of {current.Name}{against}",
            $"{current.Name}: share of rows per value bin (blue: this data{(baseline is null ? "" : "; orange: baseline, overlaid")}). Look for a shifted or widened shape, or mass at a new end of the range.",
            $"chart-column-{current.Name}");
    }

    private static void AddHistogram(ScottPlot.Plot plot, IReadOnlyList<HistogramBin> bins, ScottPlot.Color color, string label)
    {
        var total = Math.Max(1, bins.Sum(b => b.Count));
        var bars = bins.Select(b => new ScottPlot.Bar
        {
            Position = (b.Lower + b.Upper) / 2, Value = 100.0 * b.Count / total, Size = Math.Max(b.Upper - b.Lower, 1e-9),
            FillColor = color.WithAlpha(0.45), LineColor = color, LineWidth = 1,
        }).ToList();
        var series = plot.Add.Bars(bars);
        series.LegendText = label;
    }

    private static void AddCategoryBars(ScottPlot.Plot plot, IReadOnlyList<string> categories, ColumnProfile profile, double offset, ScottPlot.Color color, string label, double width)
    {
        var counts = (profile.Categories ?? []).ToDictionary(c => c.Value, c => c.Count);
        var total = Math.Max(1, (profile.Categories ?? []).Sum(c => c.Count) + profile.OtherCount);
        var bars = categories.Select((c, i) => new ScottPlot.Bar
        {
            Position = i + offset, Value = 100.0 * counts.GetValueOrDefault(c) / total, Size = width, FillColor = color, LineColor = color,
        }).ToList();
        plot.Add.Bars(bars).LegendText = label;
    }
}
