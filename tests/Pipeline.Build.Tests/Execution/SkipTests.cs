using Pipeline.Build.Tests.Support;

namespace Pipeline.Build.Tests.Execution;

public sealed class SkipTests : IDisposable
{
    private readonly TempRoot _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public void Skip_WithoutNames_RunsOnlyInvokedTargets()
    {
        var run = BuildRun.Of<DiamondBuild>(_root, "Pack", "--skip");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["Pack"], run.Build<DiamondBuild>().Executed);
        Assert.Equal(TargetStatus.Skipped, run.Target("Restore").Status);
        Assert.Equal(TargetStatus.Skipped, run.Target("Announce").Status);
    }

    [Fact]
    public void Skip_WithNames_SkipsOnlyThose()
    {
        var run = BuildRun.Of<DiamondBuild>(_root, "pack", "--skip", "lint", "Restore");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["Compile", "Pack", "Announce"], run.Build<DiamondBuild>().Executed);
        Assert.Equal(TargetStatus.Skipped, run.Target("Lint").Status);
        Assert.Equal(TargetStatus.Skipped, run.Target("Restore").Status);
    }

    [Fact]
    public void Skip_UnknownName_IsAnError()
    {
        var run = BuildRun.Of<DiamondBuild>(_root, "Pack", "--skip", "Lnt");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Unknown target \"Lnt\"", run.Error);
    }
}
