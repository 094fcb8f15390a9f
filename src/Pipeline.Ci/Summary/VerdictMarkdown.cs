using System.Globalization;
using System.Text;
using Pipeline.Build;
using Pipeline.Core.Verdicts;

namespace Pipeline.Ci.Summary;

/// <summary>Markdown for job summaries: each gate's verdict table (metric, observed, threshold, n, outcome) and the run's targets.</summary>
public static partial class VerdictMarkdown
{
    /// <summary>The verdict as a Markdown table; unless <paramref name="verbose"/>, passing checks are folded (<see cref="VerdictFolding"/>).</summary>
    public static string Verdict(string target, Verdict verdict, bool verbose = false)
    {
        var sb = new StringBuilder();
        var outcome = verdict.Outcome == CheckOutcome.Fail && verdict.ForceAcceptedReason is not null ? "Fail (accepted by override)" : verdict.Outcome.ToString();
        sb.Append("### ").Append(Icon(verdict.Passed ? verdict.Outcome : CheckOutcome.Fail)).Append(' ')
            .Append(Cell(target)).Append(" — ").Append(Cell(verdict.Subject)).Append(": ").Append(outcome).Append("\n\n");
        sb.Append("| metric | observed | threshold | n | outcome |\n");
        sb.Append("| --- | --- | --- | ---: | --- |\n");
        foreach (var line in VerdictFolding.Lines(verdict, verbose))
        {
            if (line.Folded is { } f)
            {
                sb.Append("| ").Append(Cell(f.Label)).Append(" | ").Append(Cell(string.Join(", ", f.Rules))).Append(" | | | ")
                    .Append(Icon(CheckOutcome.Pass)).Append(" Pass ×").Append(f.Count.ToString(CultureInfo.InvariantCulture)).Append(" |\n");
                continue;
            }
            var c = line.Check!;
            sb.Append("| ").Append(Cell(c.Metric))
                .Append(" | ").Append(Cell(c.Observed))
                .Append(" | ").Append(Cell(c.Threshold))
                .Append(" | ").Append(c.SampleSize?.ToString("N0", CultureInfo.InvariantCulture) ?? "")
                .Append(" | ").Append(Icon(c.Outcome)).Append(' ').Append(c.Outcome)
                .Append(" |\n");
        }
        var details = verdict.Checks.Where(c => c.Outcome is CheckOutcome.Fail or CheckOutcome.Warn && c.Detail is not null).ToList();
        if (details.Count > 0)
        {
            sb.Append('\n');
            foreach (var c in details) sb.Append("- **").Append(Cell(c.Metric)).Append("**: ").Append(Cell(c.Detail!)).Append('\n');
        }
        var notes = verdict.Notes.ToList();
        if (verdict.ForceAcceptedReason is not null) notes.Add("force-accepted: " + verdict.ForceAcceptedReason);
        if (notes.Count > 0)
        {
            sb.Append('\n');
            foreach (var n in notes) sb.Append("> ").Append(Cell(n)).Append('\n');
        }
        return sb.Append('\n').ToString();
    }

    /// <summary>The run's targets: status, duration and note, with the run id and outcome.</summary>
    public static string Run(RunManifest manifest)
    {
        var sb = new StringBuilder();
        sb.Append("### Run ").Append(manifest.RunId).Append(": ").Append(manifest.Outcome).Append("\n\n");
        sb.Append("| target | status | duration | note |\n| --- | --- | ---: | --- |\n");
        foreach (var t in manifest.Targets)
        {
            var duration = t.Status is TargetStatus.Succeeded or TargetStatus.Failed or TargetStatus.UpToDate
                ? t.DurationSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s"
                : "";
            sb.Append("| ").Append(Cell(t.Name)).Append(" | ").Append(t.Status).Append(" | ").Append(duration).Append(" | ").Append(Cell(t.Note ?? "")).Append(" |\n");
        }
        return sb.Append('\n').ToString();
    }

    private static string Icon(CheckOutcome outcome) => outcome switch
    {
        CheckOutcome.Pass => "✅",
        CheckOutcome.Warn => "⚠️",
        CheckOutcome.Fail => "❌",
        _ => "ℹ️",
    };

    /// <summary>Table-safe text: one line, pipes escaped, no HTML.</summary>
    private static string Cell(string text)
    {
        var line = string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).Replace("|", "\\|", StringComparison.Ordinal);
        return HtmlStart().Replace(line, "&lt;");
    }

    // Only a "<" that could open an HTML tag is escaped; "<= 50" stays readable in the raw Markdown.
    [System.Text.RegularExpressions.GeneratedRegex(@"<(?=[A-Za-z/!?])")]
    private static partial System.Text.RegularExpressions.Regex HtmlStart();
}
