using Pipeline.Gateway.Routing;
using Pipeline.Gateway.Tests.Support;

namespace Pipeline.Gateway.Tests.Proxy;

public sealed class ShadowTests
{
    [Fact]
    public async Task Forward_Shadow_CanaryAnswersNeverReachClientAndDisagreementIsMeasured()
    {
        await using var g = await GatewayUnderTest.StartAsync(t => t with { Strategy = RoutingStrategy.Shadow, CanaryWeight = 100, ShadowTolerance = 0.1 });
        const int n = 300;
        var bodies = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, n), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (_, ct) =>
        {
            using var r = await g.InferAsync(ct: ct);
            r.EnsureSuccessStatusCode();
            Assert.Equal("stable", GatewayUnderTest.VariantOf(r));
            bodies.Add(await r.Content.ReadAsStringAsync(ct));
        });
        Assert.All(bodies, b => Assert.Contains("\"model_version\":\"stable\"", b));
        Assert.DoesNotContain(bodies, b => b.Contains("canary", StringComparison.Ordinal));

        await WaitUntil(() => g.Gateway.Metrics.ShadowComparisons == n);
        Assert.Equal(n, g.Canary.Requests);
        Assert.Equal(n, g.Gateway.Metrics.ShadowDisagreements);   // 0.75 vs 0.25 is beyond 0.1
        Assert.Equal(n, g.Gateway.Metrics.For("canary", "v2").ShadowRequests);
    }

    [Fact]
    public async Task Forward_ShadowWithinTolerance_NoDisagreementAndFailingShadowStaysInvisible()
    {
        await using var g = await GatewayUnderTest.StartAsync(t => t with { Strategy = RoutingStrategy.Shadow, CanaryWeight = 100, ShadowTolerance = 0.05 });
        g.Canary.Score = 0.27f;
        for (var i = 0; i < 40; i++) { using var r = await g.InferAsync(); r.EnsureSuccessStatusCode(); }
        await WaitUntil(() => g.Gateway.Metrics.ShadowComparisons == 40);
        Assert.Equal(0, g.Gateway.Metrics.ShadowDisagreements);

        g.Canary.FailWith = 500;
        for (var i = 0; i < 20; i++) { using var r = await g.InferAsync(); Assert.True(r.IsSuccessStatusCode); }
        await WaitUntil(() => g.Gateway.Metrics.ShadowComparisons == 60);
        Assert.Equal(20, g.Gateway.Metrics.ShadowDisagreements);
        Assert.Equal(20, g.Gateway.Metrics.For("canary", "v2").Errors);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++) await Task.Delay(50);
        Assert.True(condition(), "condition not reached within 5 s");
    }
}
