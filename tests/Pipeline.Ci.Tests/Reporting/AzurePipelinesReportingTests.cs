using Pipeline.Ci.Tests.Support;
using Pipeline.Testing;

namespace Pipeline.Ci.Tests.Reporting;

/// <summary>The same gates in Azure Pipelines (TF_BUILD=True): logging commands for issues, the summary and output variables.</summary>
public sealed class AzurePipelinesReportingTests : IDisposable
{
    private readonly TempFolder _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task Run_AzurePipelines_WritesLoggingCommands()
    {
        var (result, stdout, _) = GateRun.Run(_root, new GateBuild.Scenario { Environment = CiEnvironmentBuilder.AzurePipelines().Lookup() }, "BenchmarkGate");

        Assert.Equal(1, result.ExitCode);
        var commands = string.Join('\n', stdout.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.StartsWith("##vso[", StringComparison.Ordinal)));
        await Snapshot.Verify(commands, new SnapshotSettings { Scrubbers = [text => System.Text.RegularExpressions.Regex.Replace(text, @"\{TempPath\}/pipeline-ci-[0-9a-f]{8}", "{Root}")] });
    }

    [Fact]
    public void Run_AzurePipelines_UploadedSummaryIsTheRunsMarkdown()
    {
        var (result, stdout, _) = GateRun.Run(_root, new GateBuild.Scenario { Environment = CiEnvironmentBuilder.AzurePipelines().Lookup(), BenchmarkPasses = true }, "DeployCanary");

        Assert.Equal(0, result.ExitCode);
        var path = Path.Combine(_root.Path, ".artifacts", "reports", result.Manifest!.RunId, "summary.md");
        Assert.Contains($"##vso[task.uploadsummary]{path}", stdout);
        var summary = File.ReadAllText(path);
        Assert.Contains("### ✅ BenchmarkGate — fraud-detector v7: Pass", summary);
        Assert.Contains($"### Run {result.Manifest.RunId}: Succeeded", summary);
        Assert.Contains("##vso[task.setvariable variable=decision;isOutput=true]succeeded: promoted fraud-detector v7", stdout);
    }
}
