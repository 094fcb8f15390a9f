using System.Net;
using Pipeline.Gateway.Tests.Support;

namespace Pipeline.Gateway.Tests.BadInput;

/// <summary>Issue 24 item 6: a body the client does not deliver is the client's fault: 400/408 from the gateway, never an upstream error.</summary>
public sealed class ClientBodyFaultTests
{
    private const string Infer = "/v2/models/fraud-detector/infer";

    [Theory]
    [InlineData(2_097_152)]   // above the buffering limit: streamed to the upstream
    [InlineData(1_000)]       // buffered by the gateway first
    public async Task Forward_BodyStallsShortOfContentLength_408WithoutUpstreamAddressAndNoVariantError(long declared)
    {
        await using var g = await GatewayUnderTest.StartAsync(t => t with { Canary = null });

        // Kestrel's minimum body rate (240 B/s after a 5 s grace) ends the wait; 30 s leaves room on a busy machine.
        var (status, text) = await RawRequest.SendAsync(g.Gateway.BaseAddress, Infer, declared, 100, closeSend: false, TimeSpan.FromSeconds(30));

        Assert.True(status == 408, text);
        Assert.Contains("arrived too slowly", text);
        Assert.DoesNotContain(new Uri(g.Stable.Url).Authority, text);
        Assert.Equal(0, g.Gateway.Metrics.For("stable", "v1").Errors);
        var metrics = await g.Client.GetStringAsync("/metrics");
        Assert.Contains("pipeline_gateway_rejected_requests_total{status=\"408\"} 1", metrics);
        Assert.DoesNotContain(metrics.Split('\n'), l => l.StartsWith("pipeline_gateway_errors_total{", StringComparison.Ordinal) && !l.EndsWith(" 0", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(2_097_152)]
    [InlineData(1_000)]
    public async Task Forward_ClientClosesShortOfContentLength_NoServerErrorAndNoVariantError(long declared)
    {
        await using var g = await GatewayUnderTest.StartAsync(t => t with { Canary = null });

        var (status, text) = await RawRequest.SendAsync(g.Gateway.BaseAddress, Infer, declared, 100, closeSend: true, TimeSpan.FromSeconds(20));

        // The client left: there may be nobody to answer (status 0); if an answer is written it is the client's 400.
        Assert.True(status is 0 or 400, text);
        await Task.Delay(500);   // let the gateway finish the request it abandoned
        Assert.Equal(0, g.Gateway.Metrics.For("stable", "v1").Errors);
        Assert.DoesNotContain(new Uri(g.Stable.Url).Authority, text);
    }

    [Fact]
    public async Task Forward_ChunkedBodyAboveLimit_413CountedInMetrics()
    {
        await using var g = await GatewayUnderTest.StartAsync(t => t with { Canary = null });
        using var request = new HttpRequestMessage(HttpMethod.Post, Infer) { Content = new ByteArrayContent(new byte[(1 << 20) + 10]) };
        request.Headers.TransferEncodingChunked = true;   // no Content-Length

        using var response = await g.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("pipeline_gateway_rejected_requests_total{status=\"413\"} 1", await g.Client.GetStringAsync("/metrics"));
        Assert.Equal(0, g.Stable.Requests);
    }
}
