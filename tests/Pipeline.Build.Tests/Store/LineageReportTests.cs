using Pipeline.Build.Tests.Support;

namespace Pipeline.Build.Tests.Store;

public sealed class LineageReportTests : IDisposable
{
    private readonly TempRoot _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public void Describe_ModelFromEvaluate_ListsProducersAndInputsRecursively()
    {
        _root.File("data/rows.csv", "a,b\n1,2\n");
        _root.File("config/train.yaml", "depth: 3\n");
        _root.File("docs/index.md", "# docs\n");
        var run = BuildRun.Of<CachingBuild>(_root, "Evaluate");
        BuildRun.Of<CachingBuild>(_root, "Evaluate"); // up to date: the origin stays the first run
        var store = run.Result.Build!.Store;
        var report = run.Target("Evaluate").Outputs["report"];

        var text = new LineageReport(store, new ManifestStore(store)).Describe(report.Hex[..10]);

        Assert.Contains($"produced by Evaluate as \"report\" in run {run.Manifest.RunId}", text);
        Assert.Contains($"upstream Train/model:", text);
        Assert.Contains($"produced by Train as \"model\" in run {run.Manifest.RunId}", text);
        Assert.Contains("file config/train.yaml sha256:", text);
        Assert.Contains("parameter depth = 3", text);
        Assert.Contains("upstream Data/profile:", text);
        Assert.Contains("file data/rows.csv sha256:", text);
        Assert.Contains("reused (up to date) by runs", text);
    }

    [Fact]
    public void Describe_BlobWithoutRun_SaysSo()
    {
        var store = new ArtifactStore(Path.Combine(_root.Path, ".artifacts"));
        var blob = store.PutText("loose");

        var text = new LineageReport(store, new ManifestStore(store)).Describe(blob.Hex[..6]);

        Assert.Contains("not produced by any recorded run", text);
    }
}
