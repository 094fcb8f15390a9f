using Pipeline.Build;
using Pipeline.Ci.Annotations;
using Pipeline.Ci.Reporting;
using Pipeline.Ci.Summary;
using Pipeline.Core.Verdicts;

namespace Pipeline.Ci.Actions;

/// <summary>
/// GitHub Actions reporting: each verdict's table appended to <c>$GITHUB_STEP_SUMMARY</c>, <c>::error</c>/<c>::warning</c>
/// annotations for failed and warning checks (with file and line where the check names them), and step outputs in <c>$GITHUB_OUTPUT</c>.
/// </summary>
public sealed class GitHubActionsSink(
    TextWriter stdout,
    string? stepSummaryFile,
    string? outputFile,
    RunReport? report,
    IReadOnlyList<string> stepOutputs,
    Func<ArtifactRef, string?>? readArtifact,
    string? rootDirectory,
    Func<string, string> mask) : IVerdictSink
{
    public void OnVerdict(string target, Verdict verdict, ArtifactRef reportRef)
    {
        var markdown = VerdictMarkdown.Verdict(target, verdict);
        AppendSummary(markdown);
        report?.Append(markdown);
        report?.Write($"{target}.verdict.md", markdown);
        foreach (var check in FailedCheckMessage.Annotated(verdict))
        {
            var location = CheckLocation.Find(check, verdict, rootDirectory);
            stdout.WriteLine(mask(WorkflowCommands.Annotation(check.Outcome == CheckOutcome.Fail ? "error" : "warning",
                FailedCheckMessage.Of(target, verdict, check), location?.File, location?.Line, $"{target}: {check.Metric}")));
        }
        stdout.Flush();
    }

    public void OnRunFinished(RunManifest manifest)
    {
        var markdown = VerdictMarkdown.Run(manifest);
        AppendSummary(markdown);
        report?.Append(markdown);
        if (outputFile is not null)
            File.AppendAllLines(outputFile, StepOutputs.From(manifest, stepOutputs, readArtifact).Select(o => mask(WorkflowCommands.Output(o.Key, o.Value))));
    }

    private void AppendSummary(string markdown)
    {
        if (stepSummaryFile is not null) File.AppendAllText(stepSummaryFile, mask(markdown));
    }
}
