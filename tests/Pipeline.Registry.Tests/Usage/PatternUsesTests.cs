using Pipeline.Core.Layout;
using Pipeline.Registry.Usage;

namespace Pipeline.Registry.Tests.Usage;

public sealed class PatternUsesTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("pipeline-usage-").FullName;

    [Fact]
    public async Task LatestAsync_AfterBatchNuGetAndConsumerUses_OneLinePerPlaceNewestFirst()
    {
        await using var registry = await ModelRegistryFactory.OpenAsync($"Data Source={Path.Combine(_root, "r.db")}", new RepositoryLayout(_root));
        await Record(registry, "batch", "v1", "/out/a.parquet", "10 rows, batch b1");
        await Record(registry, "batch", "v2", "/out/a.parquet", "12 rows, batch b1");
        await Record(registry, "nuget", "v2", "/pkg/FraudDetector.Model.2.0.0.nupkg", "package 2.0.0");
        await Record(registry, "consumer", "v2", "amqp://127.0.0.1/requests", "started");

        var uses = await PatternUses.LatestAsync(registry, "fraud-detector", CancellationToken.None);

        Assert.Equal(["consumer", "nuget", "batch"], uses.Select(u => u.Pattern));
        Assert.Equal("v2", uses.Single(u => u.Pattern == "batch").Version);
        var text = PatternUses.Format(uses);
        Assert.Contains("batch    v2", text);
        Assert.Contains("/pkg/FraudDetector.Model.2.0.0.nupkg", text);
        Assert.Contains("batch-score", (await registry.ListEventsAsync("fraud-detector", 10)).Select(e => e.Action));
    }

    private static Task Record(IModelRegistry registry, string pattern, string version, string where, string detail) =>
        PatternUses.RecordAsync(registry, "fraud-detector", new PatternUse { Pattern = pattern, Version = version, ModelDigest = "sha256:" + new string('b', 64), Where = where, Detail = detail },
            "tester", "run-1", CancellationToken.None);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }
}
