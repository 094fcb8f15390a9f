using Pipeline.Build.Tests.Support;
using Pipeline.Testing;

namespace Pipeline.Build.Tests.Graph;

public sealed class ExecutionPlanTests : IDisposable
{
    private readonly TempRoot _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public void Run_Diamond_DependenciesFirstTiesInDeclarationOrderAndTriggersAfter()
    {
        var run = BuildRun.Of<DiamondBuild>(_root, "Pack");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["Restore", "Lint", "Compile", "Pack", "Announce"], run.Build<DiamondBuild>().Executed);
        Assert.Equal(["Restore", "Lint", "Compile", "Pack", "Announce"], run.Manifest.Targets.Select(t => t.Name));
        Assert.All(run.Manifest.Targets, t => Assert.Equal(TargetStatus.Succeeded, t.Status));
    }

    [Fact]
    public void Run_SameTargetsTwice_SamePlan()
    {
        var first = BuildRun.Of<DiamondBuild>(_root, "docs", "pack");
        var second = BuildRun.Of<DiamondBuild>(_root, "pack", "docs");

        Assert.Equal(first.Build<DiamondBuild>().Executed, second.Build<DiamondBuild>().Executed);
        // Docs is declared after Pack and ordered After(Pack); it still waits for Pack when both are invoked.
        Assert.Equal(["Restore", "Lint", "Compile", "Pack", "Docs", "Announce"], first.Build<DiamondBuild>().Executed);
    }

    [Fact]
    public void Run_NamesInAnyCase_ResolveToTargets()
    {
        var run = BuildRun.Of<DiamondBuild>(_root, "cOmPiLe");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["Restore", "Compile"], run.Build<DiamondBuild>().Executed);
    }

    [Fact]
    public void Run_AfterOnly_DoesNotPullInTheOtherTarget()
    {
        var run = BuildRun.Of<DiamondBuild>(_root, "Docs");

        Assert.Equal(["Docs"], run.Build<DiamondBuild>().Executed);
    }

    [Fact]
    public void Plan_Pack_PrintsOrderedTargetsWithDependencies()
    {
        var run = BuildRun.Of<DiamondBuild>(_root, "--plan", "Pack", "--skip", "Lint");

        Assert.Equal(0, run.ExitCode);
        Assert.Empty(run.Build<DiamondBuild>().Executed);
        Snapshot.Verify(run.Out.Replace(_root.Path, "{Root}"));
    }

    [Fact]
    public void Plan_Pack_WritesMermaidGraph()
    {
        BuildRun.Of<DiamondBuild>(_root, "--plan", "Pack");

        var mermaid = File.ReadAllText(Path.Combine(_root.Path, ".nuke", "temp", "plan-Pack.mmd"));
        Snapshot.Verify(mermaid);
    }
}
