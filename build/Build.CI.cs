using Pipeline.Build;
using Pipeline.Ci.Generation;
using Pipeline.Ci.Reporting;

// The CI tests build this graph to check that the committed workflow files are what it generates.
[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("Pipeline.Ci.Tests")]

/// <summary>
/// CI wiring: the GitHub Actions workflow and Azure Pipelines definition are generated from these attributes and the target
/// graph (`./build.sh GenerateCi`); in CI the gates report to the job summary, annotations, step outputs and PR status checks.
/// Pull requests run the tests and the graph up to BenchmarkGate; main runs the tests and DeployCanary.
/// </summary>
[GitHubActions("pipeline",
    OnPullRequestBranches = new[] { "main" },
    PullRequestTargets = new[] { nameof(Test), "BenchmarkGate" },
    OnPushBranches = new[] { "main" },
    PushTargets = new[] { nameof(Test), "DeployCanary" },
    StepOutputs = new[] { "model-digest=Train/model", "image-digest=PackageImage/image#digest", "decision=DeployCanary" })]
[AzurePipelines("azure-pipelines",
    OnPullRequestBranches = new[] { "main" },
    PullRequestTargets = new[] { nameof(Test), "BenchmarkGate" },
    OnPushBranches = new[] { "main" },
    PushTargets = new[] { nameof(Test), "DeployCanary" },
    StepOutputs = new[] { "model-digest=Train/model", "image-digest=PackageImage/image#digest", "decision=DeployCanary" })]
partial class Build
{
    [Parameter("GitHub token for PR status checks (also read from GITHUB_TOKEN)", Name = "github-token", EnvironmentVariable = "GITHUB_TOKEN"), Secret]
    readonly string? GitHubToken;

    [Parameter("Repository (owner/name) for PR status checks; default GITHUB_REPOSITORY", Name = "github-repository")]
    readonly string? GitHubRepository;

    [Parameter("Commit for PR status checks; default the pull request's head, else GITHUB_SHA", Name = "github-sha")]
    readonly string? GitHubSha;

    [Parameter("Post gate results as GitHub commit statuses: Auto (pull-request builds in GitHub Actions), On, Off")]
    readonly StatusChecksMode StatusChecks = StatusChecksMode.Auto;

    /// <summary>Targets whose commit status turns pending when they start; every verdict gets a final status.</summary>
    static readonly string[] StatusCheckGates = ["ValidateData", "EvaluateGate", "BenchmarkGate", "PackageImage", "DeployCanary"];

    IVerdictSink? _ciSinks;

    /// <summary>Job summary, annotations, step outputs and commit statuses in CI; null (nothing runs) elsewhere.</summary>
    IVerdictSink? CiSinks => _ciSinks ??= CiReporting.Create(
        new CiReportingOptions
        {
            RootDirectory = RootDirectory,
            RunId = RunId,
            Gates = StatusCheckGates,
            StepOutputs = GetType().GetCustomAttributes(typeof(CiDefinitionAttribute), false).Cast<CiDefinitionAttribute>().SelectMany(a => a.StepOutputs).Distinct().ToList(),
            ReadArtifact = artifact => Store.Exists(artifact) ? Store.ReadText(artifact) : null,
            GitHubToken = GitHubToken,
            GitHubRepository = GitHubRepository,
            GitHubSha = GitHubSha,
            GitHubApiUrl = Environment.GetEnvironmentVariable("GITHUB_API_URL"),
            StatusChecks = StatusChecks switch { StatusChecksMode.On => true, StatusChecksMode.Off => false, _ => null },
        },
        Environment.GetEnvironmentVariable, Log.Current?.Out ?? Console.Out, Masker.Apply, message => Log.Warning(message));

    Target GenerateCi => _ => _
        .Description("Write .github/workflows/pipeline.yml and azure-pipelines.yml from the graph and build/Build.CI.cs")
        .Executes(() =>
        {
            var changed = CiGenerator.Write(this, RootDirectory);
            Log.Information(changed.Count == 0
                ? "CI definitions are up to date."
                : $"Wrote {string.Join(", ", changed.Select(f => f.Path))}; commit them.");
        });
}
