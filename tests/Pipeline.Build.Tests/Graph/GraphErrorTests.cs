using Pipeline.Build.Tests.Support;

namespace Pipeline.Build.Tests.Graph;

public sealed class GraphErrorTests : IDisposable
{
    private readonly TempRoot _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public void Run_Cycle_FailsBeforeAnythingRunsAndNamesTheCycle()
    {
        var run = BuildRun.Of<CycleBuild>(_root, "Free");

        Assert.Equal(2, run.ExitCode);
        Assert.Empty(run.Build<CycleBuild>().Executed);
        Assert.Contains("Dependency cycle: Alpha -> Gamma -> Beta -> Alpha", run.Error);
    }

    [Fact]
    public void Run_UnknownTarget_ListsAvailableTargets()
    {
        var run = BuildRun.Of<DiamondBuild>(_root, "Deploy");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Unknown target \"Deploy\". Available targets: Restore, Lint, Compile, Pack, Docs, Announce.", run.Error);
        Assert.Null(run.Result.Manifest);
    }

    [Fact]
    public void Run_NamesDifferingOnlyInCase_AreDuplicates()
    {
        var run = BuildRun.Of<DuplicateBuild>(_root, "Deploy");

        Assert.Equal(2, run.ExitCode);
        Assert.Empty(run.Build<DuplicateBuild>().Executed);
        Assert.Contains("Target name \"Deploy\" is declared 2 times", run.Error);
    }

    [Fact]
    public void Run_UnknownOption_ListsKnownOptions()
    {
        var run = BuildRun.Of<ParameterBuild>(_root, "Show", "--modle", "x");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Unknown option --modle. Known options: --model, --force, --rows", run.Error);
    }
}
