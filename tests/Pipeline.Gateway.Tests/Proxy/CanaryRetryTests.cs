using Pipeline.Gateway.Routing;
using Pipeline.Gateway.Tests.Support;

namespace Pipeline.Gateway.Tests.Proxy;

public sealed class CanaryRetryTests
{
    [Fact]
    public async Task Forward_Canary5xx_RetriedOnStableAndCountedAgainstCanary()
    {
        await using var g = await GatewayUnderTest.StartAsync(t => t with { CanaryWeight = 100 });
        g.Canary.FailWith = 503;
        for (var i = 0; i < 30; i++)
        {
            using var r = await g.InferAsync();
            Assert.True(r.IsSuccessStatusCode);
            Assert.Equal("stable", GatewayUnderTest.VariantOf(r));
        }
        var canary = g.Gateway.Metrics.For("canary", "v2");
        Assert.Equal(30, canary.Requests);
        Assert.Equal(30, canary.Errors);
        Assert.Equal(30, canary.Retries);
        Assert.Equal(0, g.Gateway.Metrics.For("stable", "v1").Errors);
    }

    [Fact]
    public async Task Forward_CanaryConnectionRefused_RetriedOnStable()
    {
        await using var g = await GatewayUnderTest.StartAsync(t => t with { CanaryWeight = 100 });
        var deadUrl = g.Canary.Url;
        await g.Canary.DisposeAsync();
        for (var i = 0; i < 10; i++)
        {
            using var r = await g.InferAsync();
            Assert.True(r.IsSuccessStatusCode, $"request {i}: HTTP {(int)r.StatusCode}");
        }
        Assert.Equal(10, g.Gateway.Metrics.For("canary", "v2").Errors);
        Assert.Equal(deadUrl, g.Gateway.Routing.Current.Canary?.Url);
    }

    [Fact]
    public async Task Forward_StableDownAndNoOtherVariant_502NamingTheVersionNotTheAddress()
    {
        await using var g = await GatewayUnderTest.StartAsync(t => t with { Canary = null });
        var address = new Uri(g.Stable.Url).Authority;
        await g.Stable.DisposeAsync();
        using var r = await g.InferAsync();
        Assert.Equal(502, (int)r.StatusCode);
        var text = await r.Content.ReadAsStringAsync();
        Assert.Contains("stable model server (version v1) did not answer", text);
        Assert.DoesNotContain(address, text);
        Assert.DoesNotContain("http://", text);
    }
}
