using Pipeline.Gateway.Routing;
using Pipeline.Gateway.Tests.Support;

namespace Pipeline.Gateway.Tests.BadInput;

/// <summary>Issue 24 item 2: while stable is down, a warm previous answers; a failed request is retried once on another variant.</summary>
public sealed class StableDownFallbackTests
{
    /// <summary>Stable v2 just promoted; the test's "canary" upstream plays the old stable v1, kept warm as previous.</summary>
    private static Task<GatewayUnderTest> AfterPromotionAsync() =>
        GatewayUnderTest.StartAsync(t => t with { Stable = new Upstream(t.Stable.Url, "v2"), Previous = new Upstream(t.Canary!.Url, "v1"), Canary = null });

    [Fact]
    public async Task Forward_StableKilledWithWarmPrevious_EveryRequestAnsweredByPrevious()
    {
        await using var g = await AfterPromotionAsync();
        await g.Stable.DisposeAsync();

        var variants = new List<string>();
        for (var i = 0; i < 50; i++)
        {
            using var r = await g.InferAsync();
            Assert.True(r.IsSuccessStatusCode, $"request {i}: HTTP {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
            variants.Add(GatewayUnderTest.VariantOf(r));
        }

        Assert.All(variants, v => Assert.Equal("previous", v));
        // The first request finds stable down and is retried; the next ones go to previous at once while the outage is remembered.
        var stable = g.Gateway.Metrics.For("stable", "v2");
        Assert.InRange(stable.Errors, 1, 10);
        Assert.Equal(stable.Errors, stable.Retries);
        Assert.Equal(50, g.Gateway.Metrics.For("previous", "v1").Requests);
    }

    [Fact]
    public async Task Forward_Stable5xxWithWarmPrevious_RetriedOnceOnPrevious()
    {
        await using var g = await AfterPromotionAsync();
        g.Stable.FailWith = 500;

        using var r = await g.InferAsync();

        Assert.True(r.IsSuccessStatusCode);
        Assert.Equal("previous", GatewayUnderTest.VariantOf(r));
        Assert.Equal(1, g.Gateway.Metrics.For("stable", "v2").Retries);
        Assert.Equal(1, g.Stable.Requests);
        Assert.Equal(1, g.Canary.Requests);
    }

    [Fact]
    public async Task Forward_StableAndPreviousBoth5xx_OneRetryThenTheUpstreamAnswer()
    {
        await using var g = await AfterPromotionAsync();
        g.Stable.FailWith = 503;
        g.Canary.FailWith = 503;

        using var r = await g.InferAsync();

        Assert.Equal(503, (int)r.StatusCode);
        Assert.Equal(1, g.Stable.Requests);
        Assert.Equal(1, g.Canary.Requests);
    }
}
