using Pipeline.Build.Tests.Support;

namespace Pipeline.Build.Tests.Execution;

public sealed class NestedRunTests : IDisposable
{
    private readonly TempRoot _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public void RunNestedAsync_FromATarget_RunsTheOtherPlanWithThisRunsParametersOverriddenAndItsOwnManifest()
    {
        var run = BuildRun.Of<NestedBuild>(_root, "Watch", "--model", "fraud", "--data", "old.csv", "--loud");

        Assert.Equal(0, run.ExitCode);
        var nested = run.Build<NestedBuild>().Nested!;
        Assert.Equal(0, nested.ExitCode);
        Assert.Equal(["Release"], ((NestedBuild)nested.Build!).Executed);
        // --model comes from this run's command line, --data is replaced, --loud is dropped.
        Assert.Contains("release model=fraud data=new.csv loud=False", run.Out, StringComparison.Ordinal);
        Assert.NotEqual(run.Manifest.RunId, nested.Manifest!.RunId);
        Assert.Equal(["Release"], nested.Manifest.InvokedTargets);
        // The outer run's console is its own again after the nested run ended.
        Assert.Contains("watch: nested exit 0", run.Out, StringComparison.Ordinal);
    }
}
