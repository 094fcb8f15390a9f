using Pipeline.Build;
using Pipeline.Ci.Actions;
using Pipeline.Ci.Azure;
using Pipeline.Ci.Environment;
using Pipeline.Ci.GitHub;
using Pipeline.Ci.Status;

namespace Pipeline.Ci.Reporting;

/// <summary>
/// Composition root of CI reporting: picks the sinks for the CI system the build runs in (GitHub Actions, Azure Pipelines)
/// and, in pull requests, the commit-status sink. Outside CI it returns null and nothing runs.
/// </summary>
public static class CiReporting
{
    public static IVerdictSink? Create(
        CiReportingOptions options,
        Func<string, string?> environment,
        TextWriter stdout,
        Func<string, string> mask,
        Action<string> warn,
        TimeProvider? time = null,
        HttpMessageHandler? handler = null)
    {
        var provider = CiEnvironment.Detect(environment);
        var sinks = new List<IVerdictSink>();
        var report = new RunReport(options.ReportDirectory, mask);
        Action<string> visibleWarn = provider switch
        {
            // Also as an annotation, so a status check that could not be posted is visible on the run page.
            CiProvider.GitHubActions => m => { warn(m); stdout.WriteLine(mask(WorkflowCommands.Annotation("warning", m, title: "CI reporting"))); },
            CiProvider.AzurePipelines => m => { warn(m); stdout.WriteLine(mask(LoggingCommands.LogIssue("warning", m))); },
            _ => warn,
        };
        switch (provider)
        {
            case CiProvider.GitHubActions:
                sinks.Add(new GitHubActionsSink(stdout, NonEmpty(environment("GITHUB_STEP_SUMMARY")), NonEmpty(environment("GITHUB_OUTPUT")), report,
                    options.StepOutputs, options.ReadArtifact, options.RootDirectory, mask));
                break;
            case CiProvider.AzurePipelines:
                sinks.Add(new AzurePipelinesSink(stdout, report, options.StepOutputs, options.ReadArtifact, options.RootDirectory, mask));
                break;
        }
        if (StatusSink(options, environment, provider, visibleWarn, time, handler) is { } status) sinks.Add(status);
        return sinks.Count == 0 ? null : new CompositeSink(sinks, visibleWarn);
    }

    private static CommitStatusSink? StatusSink(CiReportingOptions options, Func<string, string?> environment, CiProvider provider,
        Action<string> warn, TimeProvider? time, HttpMessageHandler? handler)
    {
        if (options.StatusChecks == false) return null;
        var github = GitHubContext.FromEnvironment(environment, options.GitHubRepository, options.GitHubSha, options.GitHubApiUrl);
        var wanted = options.StatusChecks == true || (provider == CiProvider.GitHubActions && github.IsPullRequest);
        if (!wanted) return null;
        var missing = new List<string>();
        if (string.IsNullOrEmpty(options.GitHubToken)) missing.Add("a token (GITHUB_TOKEN or --github-token; the workflow passes secrets.GITHUB_TOKEN)");
        if (github.Repository is null) missing.Add("the repository (GITHUB_REPOSITORY or --github-repository owner/name)");
        if (github.Sha is null) missing.Add("the commit (GITHUB_SHA or --github-sha)");
        if (missing.Count > 0)
        {
            warn($"PR status checks are not posted: missing {string.Join(", ", missing)}. The gates still decide the build.");
            return null;
        }
        var http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        var client = new GitHubStatusClient(http, github.ApiUrl, options.GitHubToken!, time);
        var targetUrl = github.RunUrl ?? AzureRunUrl(environment);
        return new CommitStatusSink(client, github.Repository!, github.Sha!, targetUrl, options.Gates, warn, options.StatusContextPrefix);
    }

    /// <summary><c>$(System.CollectionUri)$(System.TeamProject)/_build/results?buildId=$(Build.BuildId)</c>.</summary>
    private static string? AzureRunUrl(Func<string, string?> environment) =>
        NonEmpty(environment("SYSTEM_COLLECTIONURI")) is { } collection && NonEmpty(environment("SYSTEM_TEAMPROJECT")) is { } project &&
        NonEmpty(environment("BUILD_BUILDID")) is { } id
            ? $"{collection.TrimEnd('/')}/{Uri.EscapeDataString(project)}/_build/results?buildId={id}"
            : null;

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
