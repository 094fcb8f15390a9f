using Pipeline.Build.Tests.Support;
using Pipeline.Core.Verdicts;

namespace Pipeline.Build.Tests.Execution;

public sealed class FailureTests : IDisposable
{
    private readonly TempRoot _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public void Run_TargetThrows_DependentsNotRunIndependentRunsExitNonZero()
    {
        var run = BuildRun.Of<FailingBuild>(_root, "All", "--crash");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(["Prepare", "Independent"], run.Build<FailingBuild>().Executed);
        Assert.Equal(TargetStatus.Failed, run.Target("Prepare").Status);
        Assert.Equal("disk is full", run.Target("Prepare").Note);
        Assert.Equal(TargetStatus.NotRun, run.Target("Gate").Status);
        Assert.Equal("Prepare did not succeed", run.Target("Gate").Note);
        Assert.Equal(TargetStatus.NotRun, run.Target("Ship").Status);
        Assert.Equal(TargetStatus.Succeeded, run.Target("Independent").Status);
        Assert.Equal(TargetStatus.NotRun, run.Target("All").Status);
        Assert.Equal("Failed", run.Manifest.Outcome);
        Assert.Contains("disk is full", run.Error);
    }

    [Fact]
    public void Run_GateFails_FailedWithFailingChecksAndVerdictStored()
    {
        var run = BuildRun.Of<FailingBuild>(_root, "Ship", "--fail-gate");

        Assert.Equal(1, run.ExitCode);
        var gate = run.Target("Gate");
        Assert.Equal(TargetStatus.Failed, gate.Status);
        Assert.Equal("gate failed: auc 0.71 (required >= 0.85)", gate.Note);
        Assert.Equal(TargetStatus.NotRun, run.Target("Ship").Status);
        Assert.DoesNotContain("Ship", run.Build<FailingBuild>().Executed);

        var stored = run.Result.Build!.Store.ReadJson<Verdict>(gate.Outputs["Gate-verdict"]);
        Assert.Equal(CheckOutcome.Fail, stored.Outcome);
        Assert.Equal(2, stored.Checks.Count);
        var sink = run.Build<FailingBuild>().Sink;
        Assert.Equal("Gate", Assert.Single(sink.Verdicts).Target);
        Assert.Equal("Failed", Assert.Single(sink.Runs).Outcome);
    }

    [Fact]
    public void Run_GateFailsNamingItsExitCode_RunExitsWithThatCode()
    {
        var run = BuildRun.Of<FailingBuild>(_root, "Ship", "--fail-gate", "--gate-exit-code", "4");

        Assert.Equal(4, run.ExitCode);
        Assert.Equal(TargetStatus.Failed, run.Target("Gate").Status);
        Assert.Equal("Failed", run.Manifest.Outcome);
    }

    [Fact]
    public void Run_GateNamesAnExitCodeButPasses_RunExitsZero()
    {
        var run = BuildRun.Of<FailingBuild>(_root, "Ship", "--gate-exit-code", "4");

        Assert.Equal(0, run.ExitCode);
    }

    [Fact]
    public void Run_GatePasses_TableRenderedAndDownstreamRuns()
    {
        var run = BuildRun.Of<FailingBuild>(_root, "Ship");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["Prepare", "Gate", "Ship"], run.Build<FailingBuild>().Executed);
        Assert.Contains("p99_ms", run.Out);
        Assert.Contains(">= 0.85", run.Out);
        Assert.Contains("Pass", run.Out);
        Assert.Contains("Gate-verdict", run.Target("Gate").Outputs.Keys);
    }

    [Fact]
    public void Run_Always_EndsWithSummaryTable()
    {
        var run = BuildRun.Of<FailingBuild>(_root, "All", "--crash");

        var summary = run.Out[run.Out.LastIndexOf("target", StringComparison.Ordinal)..];
        foreach (var expected in new[] { "status", "duration", "note", "Prepare", "Failed", "NotRun", "Succeeded", "disk is full", "Total" })
            Assert.Contains(expected, summary);
    }
}
