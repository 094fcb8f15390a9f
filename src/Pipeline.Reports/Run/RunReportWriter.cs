using System.Text;
using Pipeline.Build;
using Pipeline.Core.Verdicts;
using static Pipeline.Reports.HtmlText;

namespace Pipeline.Reports.Run;

/// <summary>
/// One self-contained HTML page per run (<c>.artifacts/reports/&lt;run-id&gt;.html</c>): summary, data and drift, evaluation,
/// benchmark, image, canary timeline and lineage. Charts are ScottPlot SVGs inlined as data URIs; nothing is loaded from a network.
/// </summary>
public static partial class RunReportWriter
{
    /// <summary>The section ids, in page order (the browser tests look for each).</summary>
    public static readonly IReadOnlyList<(string Id, string Title)> Sections =
    [
        ("summary", "Summary"), ("data", "Data and drift"), ("evaluation", "Evaluation"), ("benchmark", "Benchmark"),
        ("image", "Image"), ("canary", "Canary timeline"), ("lineage", "Lineage"),
    ];

    /// <summary>Writes the report to <c>&lt;directory&gt;/&lt;run-id&gt;.html</c> and returns its path.</summary>
    public static string Write(RunReportInput input, string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, input.Manifest.RunId + ".html");
        var temp = path + ".tmp";
        File.WriteAllText(temp, Render(input), new UTF8Encoding(false));
        File.Move(temp, path, overwrite: true);
        return path;
    }

    /// <summary>The page as a string.</summary>
    public static string Render(RunReportInput input)
    {
        var m = input.Manifest;
        var title = $"Run {m.RunId}{(input.Model is { } model ? " — " + model : "")}: {m.Outcome}";
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
          .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
          .Append("<link rel=\"icon\" href=\"data:,\"><title>").Append(Esc(title)).Append("</title><style>").Append(PageStyle.Css).Append("</style></head><body>");
        sb.Append("<header><h1>").Append(Esc(title)).Append("</h1><nav aria-label=\"sections\"><ul>");
        foreach (var (id, name) in Sections) sb.Append($"<li><a href=\"#{id}\">{Esc(name)}</a></li>");
        sb.Append("</ul></nav></header><main>");
        Section(sb, "summary", SummaryHtml(input));
        Section(sb, "data", DataHtml(input));
        Section(sb, "evaluation", EvaluationHtml(input));
        Section(sb, "benchmark", BenchmarkHtml(input));
        Section(sb, "image", ImageHtml(input));
        Section(sb, "canary", CanaryHtml(input));
        Section(sb, "lineage", LineageHtml(input));
        sb.Append("</main><footer><p>Written by the Pipeline build at the end of run ").Append(Esc(m.RunId))
          .Append(". Self-contained: open it anywhere, no network needed.</p></footer></body></html>");
        return sb.ToString();
    }

    private static void Section(StringBuilder sb, string id, string body)
    {
        var title = Sections.First(s => s.Id == id).Title;
        sb.Append($"<section id=\"{id}\" aria-labelledby=\"{id}-title\"><h2 id=\"{id}-title\">{Esc(title)}</h2>").Append(body).Append("</section>");
    }

    /// <summary>A paragraph saying why a section is empty.</summary>
    private static string Absent(string what) => $"<p class=\"absent\">{Esc(what)}</p>";

    /// <summary>A number the browser tests compare with the run's stored outputs.</summary>
    private static string Key(string key, string shown) => $"<span data-key=\"{Attr(key)}\">{Esc(shown)}</span>";

    private static string SummaryHtml(RunReportInput input)
    {
        var m = input.Manifest;
        var sb = new StringBuilder();
        sb.Append("<dl class=\"facts\">")
          .Append($"<dt>Outcome</dt><dd>{Key("outcome", m.Outcome)}</dd>")
          .Append($"<dt>Targets invoked</dt><dd>{Esc(string.Join(" ", m.InvokedTargets))}</dd>")
          .Append($"<dt>Started</dt><dd>{Esc(m.StartedAt.UtcDateTime.ToString("u", System.Globalization.CultureInfo.InvariantCulture))}</dd>")
          .Append($"<dt>Duration</dt><dd>{Esc(m.FinishedAt is { } f ? N((f - m.StartedAt).TotalSeconds, "0.0") + " s" : "running")}</dd>");
        if (input.Release is { } r) sb.Append($"<dt>Release</dt><dd>{Key("release", r.Kind)}: {Esc(r.Message)}</dd>");
        if (input.LivePageUrl is { } live) sb.Append($"<dt>Live release page</dt><dd><a href=\"{Attr(live)}\">{Esc(live)}</a></dd>");
        sb.Append("</dl>");
        sb.Append("<table><caption>Targets of the run</caption>").Append(Head("target", "status", "duration", "note")).Append("<tbody>");
        foreach (var t in m.Targets)
            sb.Append($"<tr data-target=\"{Attr(t.Name)}\"><td>{Esc(t.Name)}</td><td class=\"status-{Attr(t.Status.ToString().ToLowerInvariant())}\">{Esc(t.Status.ToString())}</td>")
              .Append($"<td>{(t.Status is TargetStatus.Succeeded or TargetStatus.Failed ? N(t.DurationSeconds, "0.0") + " s" : "")}</td><td>{Esc(t.Note)}</td></tr>");
        sb.Append("</tbody></table>");
        foreach (var (target, verdict) in input.Verdicts) sb.Append(VerdictHtml(target, verdict));
        return sb.ToString();
    }

    /// <summary>A verdict folded as on the console, with every check one click away.</summary>
    private static string VerdictHtml(string target, Verdict verdict)
    {
        var sb = new StringBuilder();
        sb.Append($"<details class=\"verdict\" data-gate=\"{Attr(target)}\"><summary><strong>{Esc(target)}</strong> — {Esc(verdict.Subject)}: ")
          .Append($"<span class=\"outcome-{verdict.Outcome.ToString().ToLowerInvariant()}\">{Esc(verdict.Outcome.ToString())}</span>, ")
          .Append($"{verdict.Checks.Count} checks ({verdict.Checks.Count(c => c.Outcome == CheckOutcome.Fail)} failed, {verdict.Checks.Count(c => c.Outcome == CheckOutcome.Warn)} warned)</summary>");
        sb.Append("<table>").Append(Head("check", "observed", "threshold", "n", "outcome")).Append("<tbody>");
        foreach (var line in VerdictFolding.Lines(verdict, verbose: true))
        {
            var c = line.Check!;
            sb.Append($"<tr class=\"outcome-{c.Outcome.ToString().ToLowerInvariant()}\"><td>{Esc(c.Metric)}</td><td>{Esc(c.Observed)}</td><td>{Esc(c.Threshold)}</td>")
              .Append($"<td>{(c.SampleSize is { } n ? N(n) : "")}</td><td>{Esc(c.Outcome.ToString())}{(c.Detail is { } d && c.Outcome != CheckOutcome.Pass ? " — " + Esc(d) : "")}</td></tr>");
        }
        sb.Append("</tbody></table>");
        if (verdict.Notes.Count > 0) sb.Append("<ul class=\"notes\">").Append(string.Concat(verdict.Notes.Select(n => $"<li>{Esc(n)}</li>"))).Append("</ul>");
        return sb.Append("</details>").ToString();
    }
}
