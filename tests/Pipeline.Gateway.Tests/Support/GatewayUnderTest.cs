using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Pipeline.Gateway.Routing;

namespace Pipeline.Gateway.Tests.Support;

/// <summary>A gateway started in-process on 127.0.0.1:0 in front of two <see cref="TestUpstream"/>s, with a client for both sides.</summary>
public sealed class GatewayUnderTest : IAsyncDisposable
{
    public const string Token = "test-admin-token";

    private GatewayUnderTest(GatewayApp gateway, TestUpstream stable, TestUpstream canary)
    {
        Gateway = gateway;
        Stable = stable;
        Canary = canary;
        Client = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = 512 })
        {
            BaseAddress = gateway.BaseAddress,
            Timeout = TimeSpan.FromSeconds(20),
        };
        Admin = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = gateway.BaseAddress };
        Admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
    }

    public GatewayApp Gateway { get; }
    public TestUpstream Stable { get; }
    public TestUpstream Canary { get; }
    public HttpClient Client { get; }
    public HttpClient Admin { get; }

    /// <param name="grpc">Upstreams and gateway with their gRPC (h2c) ports too; the routing table carries each upstream's gRPC URL.</param>
    public static async Task<GatewayUnderTest> StartAsync(
        Func<RoutingTable, RoutingTable>? configure = null, string? stateFile = null, string? token = Token, int seed = 7, bool grpc = false)
    {
        var stable = await TestUpstream.StartAsync("stable", 0.25f, grpc);
        var canary = await TestUpstream.StartAsync("canary", 0.75f, grpc);
        var table = new RoutingTable { Stable = new Upstream(stable.Url, "v1", stable.GrpcUrl), Canary = new Upstream(canary.Url, "v2", canary.GrpcUrl) };
        var gateway = GatewayHost.Create(new GatewayOptions
        {
            InitialRouting = configure?.Invoke(table) ?? table,
            StateFile = stateFile,
            AdminToken = token,
            Seed = seed,
            GrpcPort = grpc ? 0 : -1,
        });
        await gateway.App.StartAsync();
        return new GatewayUnderTest(gateway, stable, canary);
    }

    /// <summary>A gRPC client of the gateway's gRPC port (the test disposes the channel).</summary>
    public (Grpc.Net.Client.GrpcChannel Channel, Pipeline.Protocol.Grpc.V2.GRPCInferenceService.GRPCInferenceServiceClient Client) GrpcClient()
    {
        var channel = Grpc.Net.Client.GrpcChannel.ForAddress(Gateway.GrpcAddress ?? throw new InvalidOperationException("started without gRPC"));
        return (channel, new Pipeline.Protocol.Grpc.V2.GRPCInferenceService.GRPCInferenceServiceClient(channel));
    }

    /// <summary>A one-row ModelInfer request (amount, and customer_id when given), raw tensor contents as Triton clients send.</summary>
    public static Pipeline.Protocol.Grpc.V2.ModelInferRequest GrpcInferRequest(string? customerId = null)
    {
        List<Pipeline.Protocol.Tensors.Tensor> inputs = [Pipeline.Protocol.Tensors.Tensor.Of("amount", new[] { 12.5f }, 1, 1)];
        if (customerId is not null) inputs.Add(Pipeline.Protocol.Tensors.Tensor.Of("customer_id", new[] { Encoding.UTF8.GetBytes(customerId) }, 1, 1));
        return Pipeline.Protocol.Grpc.GrpcTensors.WriteRequest("fraud-detector", new Pipeline.Protocol.Rest.InferRequest { Inputs = inputs }, raw: true);
    }

    /// <summary>One OIP v2 prediction through the gateway.</summary>
    public Task<HttpResponseMessage> InferAsync(string? key = null, string? customerId = null, CancellationToken ct = default)
    {
        var json = customerId is null
            ? """{"inputs":[{"name":"amount","datatype":"FP32","shape":[1,1],"data":[12.5]}]}"""
            : $$"""{"inputs":[{"name":"amount","datatype":"FP32","shape":[1,1],"data":[12.5]},{"name":"customer_id","datatype":"BYTES","shape":[1,1],"data":["{{customerId}}"]}]}""";
        var request = new HttpRequestMessage(HttpMethod.Post, "/v2/models/fraud-detector/infer")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        if (key is not null) request.Headers.Add("X-Pipeline-Key", key);
        return Client.SendAsync(request, ct);
    }

    public static string VariantOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-Pipeline-Variant", out var v) ? v.Single() : "none";

    public async Task<RoutingTable> ChangeAsync(string path, object body)
    {
        using var response = await Admin.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: HTTP {(int)response.StatusCode} {text}");
        return System.Text.Json.JsonSerializer.Deserialize<RoutingTable>(text, GatewayJson.Options)!;
    }

    /// <summary>Replaces the whole routing table through the admin API; fails the test when the gateway refuses it.</summary>
    public async Task<RoutingTable> PutRoutingAsync(RoutingTable table)
    {
        using var response = await Admin.PutAsJsonAsync("/admin/routing", table, GatewayJson.Options);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"PUT /admin/routing: HTTP {(int)response.StatusCode} {text}");
        return System.Text.Json.JsonSerializer.Deserialize<RoutingTable>(text, GatewayJson.Options)!;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Admin.Dispose();
        await Gateway.App.StopAsync();
        await Gateway.App.DisposeAsync();
        await Stable.DisposeAsync();
        await Canary.DisposeAsync();
    }
}
