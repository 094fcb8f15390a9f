using Pipeline.Gateway.Routing;
using Pipeline.Gateway.Tests.Support;

namespace Pipeline.Gateway.Tests.Proxy;

public sealed class WeightedSplitTests
{
    [Theory]
    [InlineData(5)]
    [InlineData(30)]
    public async Task Forward_WeightedCanary_ObservedSplitWithinBinomialTolerance(double weight)
    {
        await using var g = await GatewayUnderTest.StartAsync(t => t with { CanaryWeight = weight });
        const int n = 1200;
        var variants = await Task.WhenAll(Enumerable.Range(0, n).Select(async _ =>
        {
            using var r = await g.InferAsync();
            r.EnsureSuccessStatusCode();
            return GatewayUnderTest.VariantOf(r);
        }));

        var canary = variants.Count(v => v == "canary");
        var p = weight / 100;
        var sigma = Math.Sqrt(n * p * (1 - p));
        // 4.5 sigma: a correct router fails this about once in 150 000 runs; a router off by a few points fails always.
        Assert.InRange(canary, n * p - 4.5 * sigma, n * p + 4.5 * sigma);
        Assert.Equal(canary, g.Canary.Requests);
        Assert.Equal(n - canary, g.Stable.Requests);
        Assert.Equal(canary, g.Gateway.Metrics.For("canary", "v2").Requests);
    }

    [Fact]
    public async Task Forward_WeightZeroOrNoCanary_EveryRequestOnStable()
    {
        await using var g = await GatewayUnderTest.StartAsync(t => t with { CanaryWeight = 0 });
        for (var i = 0; i < 100; i++)
        {
            using var r = await g.InferAsync();
            Assert.Equal("stable", GatewayUnderTest.VariantOf(r));
        }
        Assert.Equal(0, g.Canary.Requests);
    }

    [Fact]
    public async Task Forward_BlueGreen_AllAtOnceThenSwitchBackToWarmPrevious()
    {
        await using var g = await GatewayUnderTest.StartAsync(t => t with { Strategy = RoutingStrategy.BlueGreen, CanaryWeight = 0 });
        for (var i = 0; i < 50; i++) { using var r = await g.InferAsync(); Assert.Equal("stable", GatewayUnderTest.VariantOf(r)); }

        var promoted = await g.ChangeAsync("/admin/promote", new { bakeSeconds = 60, reason = "green passed smoke test" });
        Assert.Equal(g.Canary.Url, promoted.Stable.Url);
        Assert.Equal(g.Stable.Url, promoted.Previous?.Url);
        Assert.NotNull(promoted.BakeUntil);
        for (var i = 0; i < 50; i++) { using var r = await g.InferAsync(); Assert.Equal("v2", r.Headers.GetValues("X-Pipeline-Version").Single()); }

        var back = await g.ChangeAsync("/admin/rollback", new { reason = "bake failed" });
        Assert.Equal(g.Stable.Url, back.Stable.Url);
        for (var i = 0; i < 50; i++) { using var r = await g.InferAsync(); Assert.Equal("v1", r.Headers.GetValues("X-Pipeline-Version").Single()); }
        Assert.Equal(100, g.Stable.Requests);
        Assert.Equal(50, g.Canary.Requests);
    }
}
