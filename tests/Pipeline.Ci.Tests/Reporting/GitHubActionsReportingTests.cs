using System.Text.Json;
using Pipeline.Ci.Tests.Support;
using Pipeline.Testing;

namespace Pipeline.Ci.Tests.Reporting;

/// <summary>The gates of a whole build run in a GitHub Actions pull request: commit statuses on the fake GitHub, job summary, annotations, outputs.</summary>
public sealed class GitHubActionsReportingTests : IAsyncLifetime
{
    private readonly TempFolder _root = new();
    private FakeGitHub _github = null!;

    public async Task InitializeAsync() => _github = await FakeGitHub.StartAsync(Fixtures.Token, Fixtures.Repository, Fixtures.HeadSha, Fixtures.MergeSha);

    public async Task DisposeAsync()
    {
        await _github.DisposeAsync();
        _root.Dispose();
    }

    private GateBuild.Scenario PullRequest(bool benchmarkPasses = false) => new()
    {
        Environment = CiEnvironmentBuilder.GitHubPullRequest(_root, _github.BaseUrl).Lookup(),
        Time = new InstantTimeProvider(Fixtures.Now, TimeSpan.FromSeconds(30)),
        BenchmarkPasses = benchmarkPasses,
    };

    [Fact]
    public void Run_PullRequest_PostsPendingThenVerdictStatusesOnHeadCommit()
    {
        var (result, _, _) = GateRun.Run(_root, PullRequest(), "BenchmarkGate");

        Assert.Equal(1, result.ExitCode);
        var requests = _github.Requests;
        Assert.All(requests, r =>
        {
            Assert.Equal("POST", r.Method);
            Assert.Equal($"/repos/{Fixtures.Repository}/statuses/{Fixtures.HeadSha}", r.Path);
            Assert.Equal($"Bearer {Fixtures.Token}", r.Authorization);
        });
        const string run = "https://github.com/octo-org/pipeline/actions/runs/4242";
        Assert.Equal(
        [
            $$"""{"state":"pending","target_url":"{{run}}","description":"ValidateData running","context":"pipeline/ValidateData"}""",
            $$"""{"state":"success","target_url":"{{run}}","description":"warn: amount: min 3 rows (observed -12.5) >= 0; file: header 14 columns (required the 14 columns of transactions.v1)","context":"pipeline/ValidateData"}""",
            $$"""{"state":"pending","target_url":"{{run}}","description":"EvaluateGate running","context":"pipeline/EvaluateGate"}""",
            $$"""{"state":"success","target_url":"{{run}}","description":"auc 0.912 ≥ 0.90; vs champion +0.004 ≥ -0.005","context":"pipeline/EvaluateGate"}""",
            $$"""{"state":"pending","target_url":"{{run}}","description":"BenchmarkGate running","context":"pipeline/BenchmarkGate"}""",
            $$"""{"state":"failure","target_url":"{{run}}","description":"1 of 2 failed: p99_ms@200rps 180.4, required <= 50","context":"pipeline/BenchmarkGate"}""",
        ], requests.Select(r => r.Body));
        Assert.Equal(["failure", "pending", "success", "pending", "success", "pending"],
            _github.StatusesOf(Fixtures.HeadSha).Select(s => s.GetProperty("state").GetString()));
    }

    [Fact]
    public async Task Run_PullRequest_JobSummaryHasEachGatesTable()
    {
        GateRun.Run(_root, PullRequest(), "BenchmarkGate");

        var summary = File.ReadAllText(_root.File("step-summary.md"));
        await Snapshot.Verify(summary);
    }

    [Fact]
    public void Run_PullRequest_AnnotatesContractViolationWithFileAndLineAndFailedChecks()
    {
        var (_, stdout, _) = GateRun.Run(_root, PullRequest(), "BenchmarkGate");

        var annotations = stdout.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.StartsWith("::", StringComparison.Ordinal)).ToList();
        Assert.Equal(
        [
            "::warning file=data/transactions.csv,line=1043,title=ValidateData%3A amount%3A min::ValidateData (data/transactions.csv): amount: min observed 3 rows (observed -12.5), required >= 0 — 3 values below 0; first rows: row 1042 -12.5; row 1043 -1 — fix the values or the bound",
            "::error title=BenchmarkGate%3A p99_ms@200rps::BenchmarkGate (fraud-detector v7): p99_ms@200rps observed 180.4, required <= 50",
        ], annotations);
    }

    [Fact]
    public void Run_PullRequest_WritesStepOutputs()
    {
        var (result, _, _) = GateRun.Run(_root, PullRequest(benchmarkPasses: true), "DeployCanary");

        Assert.Equal(0, result.ExitCode);
        var model = result.Manifest!.Targets.Single(t => t.Name == "Train").Outputs["model"].Digest;
        Assert.Equal(
            [$"run-id={result.Manifest.RunId}", "outcome=Succeeded", $"model-digest={model}", "decision=succeeded: promoted fraud-detector v7"],
            File.ReadAllLines(_root.File("github-output.txt")));
    }

    [Fact]
    public void Run_PullRequest_TokenAppearsInNoOutputOrFile()
    {
        _github.EnqueueFault(FakeGitHubFault.ServerError(500));
        var (_, stdout, stderr) = GateRun.Run(_root, PullRequest(), "BenchmarkGate");

        Assert.NotEmpty(_github.Requests);
        Assert.DoesNotContain(Fixtures.Token, stdout);
        Assert.DoesNotContain(Fixtures.Token, stderr);
        var files = Directory.EnumerateFiles(_root.Path, "*", SearchOption.AllDirectories).ToList();
        Assert.Contains(files, f => f.EndsWith(".json", StringComparison.Ordinal) && f.Contains("runs", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith("summary.md", StringComparison.Ordinal));
        foreach (var file in files)
            Assert.DoesNotContain(Fixtures.Token, File.ReadAllText(file));
        Assert.Contains("\"github-token\": \"***\"", File.ReadAllText(files.Single(f => Path.GetDirectoryName(f)!.EndsWith("runs", StringComparison.Ordinal))));
    }

    [Fact]
    public void Run_TokenWithoutPermission_WarnsOnceNamingPermissionAndBuildGoesOn()
    {
        _github.EnqueueFault(FakeGitHubFault.NoPermission());

        var (result, stdout, _) = GateRun.Run(_root, PullRequest(benchmarkPasses: true), "BenchmarkGate");

        Assert.Equal(0, result.ExitCode);
        Assert.Single(_github.Requests);
        Assert.Contains("WARNING: GitHub refused posting commit status pipeline/ValidateData to octo-org/pipeline@0123456789ab (403 Forbidden: Resource not accessible by integration)", stdout);
        Assert.Contains("`statuses: write`", stdout);
        Assert.Contains("::warning title=CI reporting::GitHub refused posting commit status", stdout);
    }

    [Fact]
    public void Run_PushBuild_WritesSummaryButPostsNoStatuses()
    {
        var environment = CiEnvironmentBuilder.GitHubPullRequest(_root, _github.BaseUrl);
        environment["GITHUB_EVENT_NAME"] = "push";

        var (result, _, _) = GateRun.Run(_root, new GateBuild.Scenario { Environment = environment.Lookup(), BenchmarkPasses = true }, "BenchmarkGate");

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(_github.Requests);
        Assert.Contains("### ✅ EvaluateGate", File.ReadAllText(_root.File("step-summary.md")));
    }

    [Fact]
    public void Run_OutsideCi_NothingRunsAndNothingFails()
    {
        var environment = new Dictionary<string, string> { ["GITHUB_TOKEN"] = Fixtures.Token, ["GITHUB_API_URL"] = _github.BaseUrl.AbsoluteUri };

        var (result, stdout, stderr) = GateRun.Run(_root, new GateBuild.Scenario { Environment = environment.Lookup(), BenchmarkPasses = true }, "BenchmarkGate");

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(_github.Requests);
        Assert.DoesNotContain("::", stdout.Replace("Mermaid", ""));
        Assert.DoesNotContain("WARNING", stdout);
        Assert.Equal("", stderr);
        Assert.False(Directory.Exists(_root.File(".artifacts/reports")));
        Assert.False(File.Exists(_root.File("step-summary.md")));
    }
}
