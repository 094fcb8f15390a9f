using Pipeline.Serving.Tests.Support;
using Pipeline.Testing.Fuzzing;

namespace Pipeline.Serving.Tests.BadInput;

/// <summary>Random and mutated bodies for a few seconds: every answer is a 2xx or 4xx, and the heap does not keep what they left.</summary>
public sealed class ServerFuzzTests
{
    private static readonly string[] Paths =
        ["/v1/models/fraud-detector:predict", "/v2/models/fraud-detector/infer", "/v2/models/fraud-detector/versions/7/infer"];

    [Fact]
    public async Task Score_MutatedBodiesForThreeSeconds_No5xxAndHeapBounded()
    {
        await using var server = await RunningServer.StartAsync(o => o with { MaxBodyBytes = 64 * 1024 });
        var random = new Random(2024);
        var valid = Enumerable.Range(0, 8).SelectMany(i => new[] { Requests.V1(TestModels.Rows(1 + i % 3, seed: i)), Requests.V2(TestModels.Rows(1 + i % 3, seed: i)) }).ToList();

        var run = await FuzzRun.RunAsync(server.Client, Paths, new MutatedBodies(random, valid), random, TimeSpan.FromSeconds(3));

        Assert.True(run.ServerErrors.Count == 0, run.Summary + "\n" + string.Join("\n", run.ServerErrors) + "\n" + string.Join("\n", server.Capture.Lines.Where(l => l.Contains("\"error\"", StringComparison.Ordinal)).Take(3)));
        Assert.True(run.Sent > 100, run.Summary);
        Assert.True(run.ByStatus.GetValueOrDefault(200) > 0 && run.ByStatus.GetValueOrDefault(400) > 0, run.Summary);
        // Generous: thousands of requests each allocate a few KiB; what must not happen is the heap keeping them (tens of MiB).
        Assert.True(run.HeapGrowthBytes < 32 << 20, $"heap grew by {run.HeapGrowthBytes / 1024} KiB over {run.Summary}");
    }
}
