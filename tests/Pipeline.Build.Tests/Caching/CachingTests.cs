using Pipeline.Build.Tests.Support;

namespace Pipeline.Build.Tests.Caching;

public sealed class CachingTests : IDisposable
{
    private readonly TempRoot _root = new();

    public CachingTests()
    {
        _root.File("data/rows.csv", "a,b\n1,2\n");
        _root.File("config/train.yaml", "depth: 3\n");
        _root.File("docs/index.md", "# docs\n");
    }

    public void Dispose() => _root.Dispose();

    private Dictionary<string, TargetStatus> Statuses(BuildRun run) => run.Manifest.Targets.ToDictionary(t => t.Name, t => t.Status);

    [Fact]
    public void SecondRun_NothingChanged_CachedTargetsUpToDateWithOutputsRestored()
    {
        var first = BuildRun.Of<CachingBuild>(_root, "Report");
        var second = BuildRun.Of<CachingBuild>(_root, "Report");

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, second.ExitCode);
        Assert.Equal(["Data", "Train", "Docs", "Evaluate", "Report"], first.Build<CachingBuild>().Executed);
        Assert.Equal(["Report"], second.Build<CachingBuild>().Executed);
        Assert.Equal(TargetStatus.UpToDate, second.Target("Train").Status);
        Assert.Equal(first.Target("Train").Outputs["model"], second.Target("Train").Outputs["model"]);
        Assert.Equal(first.Manifest.RunId, second.Target("Train").ReusedFromRun);
        Assert.Equal("up to date: trained", second.Target("Train").Note);
        Assert.Equal(first.Target("Train").Fingerprint, second.Target("Train").Fingerprint);
    }

    [Fact]
    public void InputFileChanged_OnlyThatTargetAndDependentsRerun()
    {
        BuildRun.Of<CachingBuild>(_root, "Report");
        _root.File("config/train.yaml", "depth: 4\n");

        var run = BuildRun.Of<CachingBuild>(_root, "Report");

        Assert.Equal(["Train", "Evaluate", "Report"], run.Build<CachingBuild>().Executed);
        Assert.Equal(TargetStatus.UpToDate, Statuses(run)["Data"]);
        Assert.Equal(TargetStatus.UpToDate, Statuses(run)["Docs"]);
        Assert.Equal(TargetStatus.Succeeded, Statuses(run)["Train"]);
        Assert.Equal(TargetStatus.Succeeded, Statuses(run)["Evaluate"]);
    }

    [Fact]
    public void UpstreamFileChanged_WholeChainReruns_UnrelatedStaysCached()
    {
        BuildRun.Of<CachingBuild>(_root, "Report");
        _root.File("data/rows.csv", "a,b\n1,2\n3,4\n");

        var run = BuildRun.Of<CachingBuild>(_root, "Report");

        Assert.Equal(["Data", "Train", "Evaluate", "Report"], run.Build<CachingBuild>().Executed);
        Assert.Equal(TargetStatus.UpToDate, Statuses(run)["Docs"]);
    }

    [Fact]
    public void FileAddedToInputFolder_InvalidatesThatTarget()
    {
        BuildRun.Of<CachingBuild>(_root, "Docs");
        _root.File("docs/more.md", "more\n");

        var run = BuildRun.Of<CachingBuild>(_root, "Docs");

        Assert.Equal(["Docs"], run.Build<CachingBuild>().Executed);
    }

    [Fact]
    public void ParameterChanged_InvalidatesTargetThatDeclaresIt()
    {
        BuildRun.Of<CachingBuild>(_root, "Evaluate");

        var run = BuildRun.Of<CachingBuild>(_root, "Evaluate", "--depth", "5");

        Assert.Equal(["Train", "Evaluate"], run.Build<CachingBuild>().Executed);
    }

    [Fact]
    public void Force_RerunsEverything()
    {
        BuildRun.Of<CachingBuild>(_root, "Evaluate");

        var run = BuildRun.Of<CachingBuild>(_root, "Evaluate", "--force");

        Assert.Equal(["Data", "Train", "Docs", "Evaluate"], run.Build<CachingBuild>().Executed);
    }

    [Fact]
    public void EarlierOutputsGoneFromStore_TargetReruns()
    {
        BuildRun.Of<CachingBuild>(_root, "Data");
        var manifests = Directory.GetFiles(Path.Combine(_root.Path, ".artifacts", "runs"));
        // A run whose outputs are gone from the store cannot be reused.
        foreach (var blob in Directory.GetFiles(Path.Combine(_root.Path, ".artifacts", "blobs", "sha256"))) File.Delete(blob);

        var run = BuildRun.Of<CachingBuild>(_root, "Data");

        Assert.Single(manifests);
        Assert.Equal(["Data"], run.Build<CachingBuild>().Executed);
    }
}
