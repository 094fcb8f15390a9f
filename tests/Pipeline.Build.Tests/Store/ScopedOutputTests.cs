using Pipeline.Build.Tests.Support;

namespace Pipeline.Build.Tests.Store;

public sealed class ScopedOutputTests : IDisposable
{
    private readonly TempRoot _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public void Upstream_SkippedProducer_TakesOnlyTheSameModelsEarlierRun()
    {
        Assert.Equal(0, BuildRun.Of<ScopedBuild>(_root, "Package", "--model", "a").ExitCode);
        Assert.Equal(0, BuildRun.Of<ScopedBuild>(_root, "Package", "--model", "b").ExitCode);

        var a = BuildRun.Of<ScopedBuild>(_root, "Package", "--model", "a", "--skip", "Train");

        Assert.Equal(0, a.ExitCode);
        Assert.Equal("model of a (a, 42 rows)", a.Build<ScopedBuild>().Packaged);
        Assert.Equal("a", a.Manifest.Scope);
    }

    [Fact]
    public void Upstream_OnlyAnotherModelProducedIt_FailsNamingTheCommand()
    {
        Assert.Equal(0, BuildRun.Of<ScopedBuild>(_root, "Package", "--model", "a").ExitCode);

        var b = BuildRun.Of<ScopedBuild>(_root, "Package", "--model", "b", "--skip", "Train");

        Assert.NotEqual(0, b.ExitCode);
        Assert.Null(b.Build<ScopedBuild>().Packaged);
        Assert.Contains("Run ./build.sh Train --model b first", b.Error);
        Assert.DoesNotContain("   at ", b.Error);
    }

    [Fact]
    public void Write_OutputDeclaredForAnotherTarget_Refused()
    {
        var run = BuildRun.Of<ScopedBuild>(_root, "WrongWriter");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("it is declared as an output of Train", run.Error);
    }
}
