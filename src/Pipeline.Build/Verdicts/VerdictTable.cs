using System.Globalization;
using Pipeline.Core.Verdicts;
using Spectre.Console;

namespace Pipeline.Build;

/// <summary>Renders a verdict as a table: check, observed, threshold, n, outcome.</summary>
internal static class VerdictTable
{
    /// <summary>The verdict's table; unless <paramref name="verbose"/>, passing checks are folded (<see cref="VerdictFolding"/>).</summary>
    public static Table Build(Verdict verdict, bool verbose = false)
    {
        var table = new Table()
            .Title(Markup.Escape($"{verdict.Gate} — {verdict.Subject}: {verdict.Outcome}"))
            .AddColumns("check", "observed", "threshold", "n", "outcome");
        var lines = VerdictFolding.Lines(verdict, verbose);
        foreach (var line in lines)
        {
            if (line.Folded is { } folded)
            {
                table.AddRow(Markup.Escape(folded.Label), Markup.Escape(string.Join(", ", folded.Rules)), "", "",
                    $"[green]Pass[/] ×{folded.Count}");
                continue;
            }
            var check = line.Check!;
            table.AddRow(
                Markup.Escape(check.Metric),
                Markup.Escape(check.Observed),
                Markup.Escape(check.Threshold),
                check.SampleSize?.ToString(CultureInfo.InvariantCulture) ?? "",
                check.Outcome switch
                {
                    CheckOutcome.Fail => "[red]Fail[/]",
                    CheckOutcome.Warn => "[yellow]Warn[/]",
                    CheckOutcome.Pass => "[green]Pass[/]",
                    _ => "Info",
                });
            // The reason and the fix stand under a failing or warning check, not only inside the stored verdict.
            if (check.Outcome is CheckOutcome.Fail or CheckOutcome.Warn && !string.IsNullOrWhiteSpace(check.Detail))
                table.AddRow("", Markup.Escape("↳ " + check.Detail), "", "", "");
        }
        var foldedCount = lines.Where(l => l.Folded is not null).Sum(l => l.Folded!.Count);
        if (verdict.Notes.Count > 0 || verdict.ForceAcceptedReason is not null || foldedCount > 0)
        {
            var notes = verdict.Notes.ToList();
            if (foldedCount > 0) notes.Add($"{foldedCount} passing checks folded; --verbose shows each");
            if (verdict.ForceAcceptedReason is not null) notes.Add("force-accepted: " + verdict.ForceAcceptedReason);
            table.Caption(Markup.Escape(string.Join("; ", notes)));
        }
        return table;
    }

    /// <summary>The failing checks in one line, for the summary note.</summary>
    public static string FailureNote(Verdict verdict) =>
        string.Join("; ", verdict.Failures.Select(f => $"{f.Metric} {f.Observed} (required {f.Threshold})" +
                                                       (string.IsNullOrWhiteSpace(f.Detail) ? "" : $": {Shorten(f.Detail)}")));

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..297] + "...";
}
