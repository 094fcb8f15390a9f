using Grpc.Core;
using Pipeline.Gateway.Routing;
using Pipeline.Gateway.Tests.Support;
using Pipeline.Protocol.Grpc;
using Pipeline.Protocol.Grpc.V2;

namespace Pipeline.Gateway.Tests.Proxy;

/// <summary>
/// Issue 25: gRPC (<c>inference.GRPCInferenceService</c>, HTTP/2) through the gateway, against real Grpc.AspNetCore upstreams on their
/// own h2c ports: routed by the same weights and sticky keys as REST, counted for the judge like REST (requests, errors, retries,
/// latency, scores read from ModelInfer answers), and errors answered as gRPC statuses.
/// </summary>
public sealed class GrpcRoutingTests
{
    [Fact]
    public async Task ModelInfer_WeightedSplit_BothVariantsAnswerAndJudgeSeesTheirScores()
    {
        await using var g = await GatewayUnderTest.StartAsync(t => t with { CanaryWeight = 50 }, grpc: true);
        var (channel, client) = g.GrpcClient();
        using var _ = channel;
        var answered = new Dictionary<string, int> { ["stable"] = 0, ["canary"] = 0 };
        for (var i = 0; i < 60; i++)
        {
            using var call = client.ModelInferAsync(GatewayUnderTest.GrpcInferRequest());
            var variant = (await call.ResponseHeadersAsync).GetValue("x-pipeline-variant")!;
            var answer = GrpcTensors.ReadResponse(await call.ResponseAsync);
            Assert.True(answer.Ok);
            var probability = (float[])answer.Value!.Outputs.Single(o => o.Name == "probability").Data;
            Assert.Equal(variant == "canary" ? 0.75f : 0.25f, probability[1]);
            answered[variant]++;
        }
        Assert.InRange(answered["canary"], 15, 45);
        Assert.Equal(answered["canary"], g.Canary.GrpcCalls);
        Assert.Equal(answered["stable"], g.Stable.GrpcCalls);
        Assert.Equal(0, g.Stable.Requests + g.Canary.Requests);   // nothing went to the REST ports

        var canary = g.Gateway.Metrics.For("canary", "v2");
        var stable = g.Gateway.Metrics.For("stable", "v1");
        Assert.Equal(answered["canary"], canary.Requests);
        Assert.Equal(answered["stable"], stable.Requests);
        Assert.Equal(0, canary.Errors + stable.Errors);
        Assert.Equal(answered["canary"], canary.Score.Count);
        Assert.Equal(answered["stable"], stable.Latency.Count);
        var metricsText = await g.Client.GetStringAsync("/metrics");
        Assert.Contains($"pipeline_gateway_prediction_score_count{{variant=\"canary\",version=\"v2\"}} {answered["canary"]}", metricsText);
    }

    [Fact]
    public async Task ModelInfer_StickyKeyInMetadataOrTensor_SameVariantAsRestForTheSameKey()
    {
        await using var g = await GatewayUnderTest.StartAsync(t => t with { CanaryWeight = 50, Strategy = RoutingStrategy.Sticky, StickyField = "customer_id" }, grpc: true);
        var (channel, client) = g.GrpcClient();
        using var _ = channel;
        var seen = new HashSet<string>();
        for (var i = 0; i < 16; i++)
        {
            var key = $"customer-{i}";
            using var rest = await g.InferAsync(customerId: key);
            var restVariant = GatewayUnderTest.VariantOf(rest);

            using var byTensor = client.ModelInferAsync(GatewayUnderTest.GrpcInferRequest(customerId: key));
            Assert.Equal(restVariant, (await byTensor.ResponseHeadersAsync).GetValue("x-pipeline-variant"));
            await byTensor.ResponseAsync;

            using var byHeader = client.ModelInferAsync(GatewayUnderTest.GrpcInferRequest(), new Metadata { { "x-pipeline-key", key } });
            var headerVariant = (await byHeader.ResponseHeadersAsync).GetValue("x-pipeline-variant")!;
            await byHeader.ResponseAsync;
            using var restByHeader = await g.InferAsync(key: key);
            Assert.Equal(GatewayUnderTest.VariantOf(restByHeader), headerVariant);
            seen.Add(restVariant);
        }
        Assert.Equal(2, seen.Count);
        Assert.Contains("customer-3", g.Stable.GrpcKeys.Concat(g.Canary.GrpcKeys));   // metadata reaches the model server
    }

    [Fact]
    public async Task ModelInfer_Shadow_StableAnswersCanaryGetsACopyAndDisagreementIsMeasured()
    {
        await using var g = await GatewayUnderTest.StartAsync(t => t with { CanaryWeight = 100, Strategy = RoutingStrategy.Shadow }, grpc: true);
        var (channel, client) = g.GrpcClient();
        using var _ = channel;
        for (var i = 0; i < 8; i++)
        {
            using var call = client.ModelInferAsync(GatewayUnderTest.GrpcInferRequest());
            Assert.Equal("stable", (await call.ResponseHeadersAsync).GetValue("x-pipeline-variant"));
            await call.ResponseAsync;
        }
        for (var wait = 0; wait < 100 && g.Gateway.Metrics.ShadowComparisons < 8; wait++) await Task.Delay(50);
        Assert.Equal(8, g.Canary.GrpcCalls);
        Assert.Equal(8, g.Gateway.Metrics.ShadowComparisons);
        Assert.Equal(8, g.Gateway.Metrics.ShadowDisagreements);   // 0.75 against 0.25, tolerance 0.05
        Assert.Equal(8, g.Gateway.Metrics.For("canary", "v2").ShadowRequests);
    }

    [Fact]
    public async Task ModelInfer_CanaryUnavailable_RetriedOnStableAndCountedAgainstCanary()
    {
        await using var g = await GatewayUnderTest.StartAsync(t => t with { CanaryWeight = 100 }, grpc: true);
        g.Canary.FailWith = 503;
        var (channel, client) = g.GrpcClient();
        using var _ = channel;
        for (var i = 0; i < 10; i++)
        {
            using var call = client.ModelInferAsync(GatewayUnderTest.GrpcInferRequest());
            Assert.Equal("stable", (await call.ResponseHeadersAsync).GetValue("x-pipeline-variant"));
            await call.ResponseAsync;
        }
        var canary = g.Gateway.Metrics.For("canary", "v2");
        Assert.Equal((10, 10, 10), (canary.Requests, canary.Errors, canary.Retries));
        Assert.Equal(0, g.Gateway.Metrics.For("stable", "v1").Errors);
    }

    [Fact]
    public async Task ModelInfer_InvalidArgumentFromServer_PassedOnNotRetriedNotAnError()
    {
        await using var g = await GatewayUnderTest.StartAsync(t => t with { CanaryWeight = 0 }, grpc: true);
        g.Stable.FailWith = 400;
        var (channel, client) = g.GrpcClient();
        using var _ = channel;
        var e = await Assert.ThrowsAsync<RpcException>(async () => await client.ModelInferAsync(GatewayUnderTest.GrpcInferRequest()));
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Contains("stable fails with 400", e.Status.Detail);
        var stable = g.Gateway.Metrics.For("stable", "v1");
        Assert.Equal((1, 0, 0), (stable.Requests, stable.Errors, stable.Retries));
        Assert.Equal(0, g.Canary.GrpcCalls);
    }

    [Fact]
    public async Task ModelInfer_StableDownNoOtherVariant_UnavailableNamingTheVersionNotTheAddress()
    {
        await using var g = await GatewayUnderTest.StartAsync(t => t with { Canary = null }, grpc: true);
        var address = new Uri(g.Stable.GrpcUrl!).Authority;
        await g.Stable.DisposeAsync();
        var (channel, client) = g.GrpcClient();
        using var _ = channel;
        var e = await Assert.ThrowsAsync<RpcException>(async () => await client.ModelInferAsync(GatewayUnderTest.GrpcInferRequest()));
        Assert.Equal(StatusCode.Unavailable, e.StatusCode);
        Assert.Contains("version v1", e.Status.Detail);
        Assert.DoesNotContain(address, e.Status.Detail);
        Assert.Equal(1, g.Gateway.Metrics.For("stable", "v1").Errors);
    }

    [Fact]
    public async Task ModelInfer_UpstreamWithoutGrpcUrl_OtherVariantTakesItElseUnavailableWithTheFix()
    {
        await using var g = await GatewayUnderTest.StartAsync(t => t with { CanaryWeight = 100, Canary = t.Canary! with { Grpc = null } }, grpc: true);
        var (channel, client) = g.GrpcClient();
        using var _ = channel;
        using (var call = client.ModelInferAsync(GatewayUnderTest.GrpcInferRequest()))
        {
            Assert.Equal("stable", (await call.ResponseHeadersAsync).GetValue("x-pipeline-variant"));
            await call.ResponseAsync;
        }
        Assert.Equal(0, g.Gateway.Metrics.For("canary", "v2").Errors);

        await g.PutRoutingAsync(g.Gateway.Routing.Current with { Canary = null, CanaryWeight = 0, Stable = g.Gateway.Routing.Current.Stable with { Grpc = null } });
        var e = await Assert.ThrowsAsync<RpcException>(async () => await client.ServerReadyAsync(new ServerReadyRequest()));
        Assert.Equal(StatusCode.Unavailable, e.StatusCode);
        Assert.Contains("no gRPC port in the gateway's routing table", e.Status.Detail);
    }

    [Fact]
    public async Task ServerReady_ThroughGateway_AnsweredByTheUpstream()
    {
        await using var g = await GatewayUnderTest.StartAsync(t => t with { Canary = null }, grpc: true);
        var (channel, client) = g.GrpcClient();
        using var _ = channel;
        Assert.True((await client.ServerReadyAsync(new ServerReadyRequest())).Ready);
        var stable = g.Gateway.Metrics.For("stable", "v1");
        Assert.Equal((1, 0), (stable.Requests, stable.Errors));
        Assert.Equal(0, stable.Score.Count);   // only ModelInfer answers carry scores
    }
}
