using Pipeline.Build;
using Pipeline.Ci.Annotations;
using Pipeline.Ci.Reporting;
using Pipeline.Ci.Summary;
using Pipeline.Core.Verdicts;

namespace Pipeline.Ci.Azure;

/// <summary>
/// Azure Pipelines reporting through logging commands: <c>task.logissue</c> for failed and warning checks, the run's Markdown
/// report as <c>task.uploadsummary</c>, and step outputs as <c>task.setvariable … isOutput=true</c>.
/// </summary>
public sealed class AzurePipelinesSink(
    TextWriter stdout,
    RunReport report,
    IReadOnlyList<string> stepOutputs,
    Func<ArtifactRef, string?>? readArtifact,
    string? rootDirectory,
    Func<string, string> mask) : IVerdictSink
{
    public void OnVerdict(string target, Verdict verdict, ArtifactRef reportRef)
    {
        var markdown = VerdictMarkdown.Verdict(target, verdict);
        report.Append(markdown);
        report.Write($"{target}.verdict.md", markdown);
        foreach (var check in FailedCheckMessage.Annotated(verdict))
        {
            var location = CheckLocation.Find(check, verdict, rootDirectory);
            stdout.WriteLine(mask(LoggingCommands.LogIssue(check.Outcome == CheckOutcome.Fail ? "error" : "warning",
                FailedCheckMessage.Of(target, verdict, check), location?.File, location?.Line)));
        }
        stdout.Flush();
    }

    public void OnRunFinished(RunManifest manifest)
    {
        report.Append(VerdictMarkdown.Run(manifest));
        stdout.WriteLine(mask(LoggingCommands.UploadSummary(Path.GetFullPath(report.SummaryPath))));
        foreach (var (name, value) in StepOutputs.From(manifest, stepOutputs, readArtifact))
            stdout.WriteLine(mask(LoggingCommands.SetOutputVariable(name, value)));
        stdout.Flush();
    }
}
