using Pipeline.Core.Monitoring;
using Pipeline.Serving.Model;
using Pipeline.Serving.Monitoring;
using Pipeline.Serving.Tests.Support;

namespace Pipeline.Serving.Tests.Monitoring;

public sealed class PredictionLogTests : IDisposable
{
    private readonly TempFolder _logs = new();

    public void Dispose() => _logs.Dispose();

    private static ServedModel Model => ServedModel.From(TestModels.Mapping, "fraud-detector", "3", "stable");

    [Fact]
    public async Task Record_SensitiveColumns_DroppedOrHashed()
    {
        var log = new PredictionLog(new PredictionLogOptions
        {
            Directory = _logs.Path,
            Sensitive = new Dictionary<string, string> { ["customer_age"] = "drop", ["country"] = "hash" },
        }, Model, TimeProvider.System);
        var rows = TestModels.Rows(10);
        log.Record("req", rows, Enumerable.Range(0, 10).Select(i => i / 10f).ToArray());
        await log.DisposeAsync();
        var records = Directory.GetFiles(_logs.Path, "predictions-*.jsonl").SelectMany(LogLines.ReadPredictions).ToList();
        Assert.Equal(10, records.Count);
        Assert.Equal("req#3", records[3].Id);
        Assert.Equal(0.3, records[3].Score, 5);
        Assert.All(records, r => Assert.False(r.Features.ContainsKey("customer_age")));
        Assert.All(records, r => Assert.StartsWith("sha256:", (string)r.Features["country"]!));
        Assert.Equal(SensitiveColumns.Hash(rows.Categorical["country"][0]!), records[0].Features["country"]);
        Assert.Equal((double)rows.Numeric["amount"][0], (double)records[0].Features["amount"]!, 3);
    }

    [Fact]
    public async Task Record_ManyRows_SampledAndBoundedByRotation()
    {
        var log = new PredictionLog(new PredictionLogOptions
        {
            Directory = _logs.Path, SampleRate = 0.25, RotateBytes = 8 * 1024, MaxFiles = 3, Seed = 11,
        }, Model, TimeProvider.System);
        var rows = TestModels.Rows(100);
        var scores = new float[100];
        for (var i = 0; i < 40; i++)
        {
            log.Record($"r{i}", rows, scores);
            await log.FlushAsync();
        }
        await log.DisposeAsync();
        var files = Directory.GetFiles(_logs.Path, "predictions-3-stable-*.jsonl");
        Assert.InRange(files.Length, 2, 3);
        Assert.All(files, f => Assert.True(new FileInfo(f).Length < 8 * 1024 + 2048, $"{f} is {new FileInfo(f).Length} bytes"));

        // Sampling: a fresh log over 4000 rows keeps about a quarter.
        using var fresh = new TempFolder();
        var sampled = new PredictionLog(new PredictionLogOptions { Directory = fresh.Path, SampleRate = 0.25, Seed = 3 }, Model, TimeProvider.System);
        for (var i = 0; i < 40; i++) sampled.Record($"s{i}", rows, scores);
        await sampled.DisposeAsync();
        var kept = Directory.GetFiles(fresh.Path).SelectMany(LogLines.ReadPredictions).Count();
        Assert.InRange(kept, 850, 1150);
    }
}
