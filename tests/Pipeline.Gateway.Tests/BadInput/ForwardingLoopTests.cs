using Pipeline.Gateway.Routing;
using Pipeline.Gateway.Tests.Support;

namespace Pipeline.Gateway.Tests.BadInput;

/// <summary>Issue 24 item 9: a routing loop (gateway A → gateway B → A) is refused at the first return instead of multiplying requests.</summary>
public sealed class ForwardingLoopTests
{
    [Fact]
    public async Task Forward_TwoGatewaysPointingAtEachOther_508AfterOneRoundTrip()
    {
        await using var a = await GatewayUnderTest.StartAsync(t => t with { Canary = null });
        var b = GatewayHost.Create(new GatewayOptions { InitialRouting = new RoutingTable { Stable = new Upstream(a.Gateway.BaseAddress.ToString().TrimEnd('/'), "via-a") } });
        await b.App.StartAsync();
        try
        {
            await a.PutRoutingAsync(a.Gateway.Routing.Current with { Stable = new Upstream(b.BaseAddress.ToString().TrimEnd('/'), "via-b") });

            using var r = await a.InferAsync();

            Assert.Equal(508, (int)r.StatusCode);
            Assert.Equal(1, a.Gateway.Metrics.For("stable", "via-b").Requests);
            Assert.Equal(1, b.Metrics.For("stable", "via-a").Requests);
            Assert.Contains("pipeline_gateway_rejected_requests_total{status=\"508\"} 1", await a.Client.GetStringAsync("/metrics"));
        }
        finally
        {
            await b.App.StopAsync();
            await b.App.DisposeAsync();
        }
    }
}
