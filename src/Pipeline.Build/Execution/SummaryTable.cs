using System.Globalization;
using Spectre.Console;

namespace Pipeline.Build;

/// <summary>The end-of-run table: target, status, duration, note.</summary>
internal static class SummaryTable
{
    public static Table Build(RunManifest manifest, SecretMasker masker)
    {
        var table = new Table().AddColumns("target", "status", "duration", "note");
        foreach (var t in manifest.Targets)
        {
            table.AddRow(
                Markup.Escape(t.Name),
                t.Status switch
                {
                    TargetStatus.Succeeded => "[green]Succeeded[/]",
                    TargetStatus.Failed => "[red]Failed[/]",
                    TargetStatus.UpToDate => "[blue]UpToDate[/]",
                    TargetStatus.Skipped => "[grey]Skipped[/]",
                    _ => "[yellow]NotRun[/]",
                },
                t.Status is TargetStatus.Succeeded or TargetStatus.Failed or TargetStatus.UpToDate ? Duration(t.DurationSeconds) : "",
                Markup.Escape(masker.Apply(t.Note ?? "")));
        }
        var total = manifest.FinishedAt is { } end ? (end - manifest.StartedAt).TotalSeconds : manifest.Targets.Sum(t => t.DurationSeconds);
        table.AddEmptyRow();
        table.AddRow("[bold]Total[/]", manifest.Outcome == "Failed" ? "[red]Failed[/]" : "[green]Succeeded[/]", Duration(total), "");
        return table;
    }

    public static string Duration(double seconds) => seconds switch
    {
        < 0.1 => "< 0.1 s",
        < 60 => seconds.ToString("0.0", CultureInfo.InvariantCulture) + " s",
        _ => TimeSpan.FromSeconds(seconds).ToString(@"m\:ss", CultureInfo.InvariantCulture) + " min",
    };
}
