using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Pipeline.Gateway;
using Pipeline.Gateway.Routing;
using Pipeline.Protocol.Rest;
using Pipeline.Protocol.Tensors;
using Pipeline.Serving.Tests.Support;

namespace Pipeline.Serving.Tests.Gateway;

/// <summary>Issue 25: binary tensors through the real gateway in front of a real model server; the judge's score capture reads binary answers.</summary>
public sealed partial class ThroughGatewayTests : IAsyncLifetime
{
    private RunningServer _server = null!;
    private GatewayApp _gateway = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await RunningServer.StartAsync();
        var upstream = new Upstream($"http://127.0.0.1:{_server.Server.Port}", "7");
        _gateway = GatewayHost.Create(new GatewayOptions
        {
            InitialRouting = new RoutingTable { Stable = upstream, Canary = upstream with { }, CanaryWeight = 50, Strategy = RoutingStrategy.Sticky, StickyField = "country" },
        });
        await _gateway.App.StartAsync();
        _client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = _gateway.BaseAddress, Timeout = TimeSpan.FromSeconds(20) };
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _gateway.App.StopAsync();
        await _gateway.App.DisposeAsync();
        await _server.DisposeAsync();
    }

    private static List<Tensor> Inputs(Pipeline.Core.Features.FeatureBatch rows) =>
    [
        .. rows.Numeric.Select(kv => Tensor.Of(kv.Key, kv.Value, rows.Rows, 1)),
        .. rows.Categorical.Select(kv => Tensor.Of(kv.Key, (Array)kv.Value.Select(v => Encoding.UTF8.GetBytes(v ?? "")).ToArray(), rows.Rows, 1)),
    ];

    private static async Task<(HttpResponseMessage Response, byte[] Body)> PostAsync(HttpClient client, byte[] body, int? header)
    {
        using var content = new ByteArrayContent(body);
        if (header is { } h) content.Headers.TryAddWithoutValidation(InferenceHeader.ContentLength, h.ToString(CultureInfo.InvariantCulture));
        var response = await client.PostAsync("/v2/models/fraud-detector/infer", content);
        return (response, await response.Content.ReadAsByteArrayAsync());
    }

    private async Task<long> ScoresSeenAsync()
    {
        var text = await _client.GetStringAsync("/metrics");
        return ScoreCount().Matches(text).Sum(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Infer_BinaryThroughGateway_SameAnswerAsServer_AndJudgeSeesTheScores()
    {
        var rows = TestModels.Rows(6);
        var (body, header) = InferenceJson.WriteRequest(new InferRequest { Id = "g-1", Inputs = Inputs(rows) }, binaryInputs: true, binaryOutputs: true);
        var before = await ScoresSeenAsync();

        var (viaGateway, gatewayBody) = await PostAsync(_client, body, header);
        var (direct, directBody) = await PostAsync(_server.Client, body, header);

        Assert.True(viaGateway.StatusCode == HttpStatusCode.OK, Encoding.UTF8.GetString(gatewayBody));
        var headerValue = viaGateway.Headers.TryGetValues(InferenceHeader.ContentLength, out var v) ? v.Single() : viaGateway.Content.Headers.GetValues(InferenceHeader.ContentLength).Single();
        var answer = InferenceJson.ReadResponse(gatewayBody, headerValue);
        Assert.True(answer.Ok, string.Join("; ", answer.Problems));
        Assert.Equal("g-1", answer.Value!.Id);
        Assert.Equal([6L, 1L], answer.Value.Outputs.Single().Shape);
        Assert.Equal(directBody, gatewayBody);
        Assert.Equal(before + 6, await ScoresSeenAsync());
    }

    [Fact]
    public async Task Infer_StickyKeyInABinaryBytesInput_SameVariantEveryTime()
    {
        var rows = TestModels.Rows(1);
        rows.Categorical["country"] = ["NL"];
        var (body, header) = InferenceJson.WriteRequest(new InferRequest { Inputs = Inputs(rows) }, binaryInputs: true);
        var variants = new HashSet<string>();
        for (var i = 0; i < 8; i++)
        {
            var (response, _) = await PostAsync(_client, body, header);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            variants.Add(response.Headers.GetValues("X-Pipeline-Variant").Single());
        }
        Assert.Single(variants);
    }

    [Fact]
    public async Task Infer_MalformedBinaryThroughGateway_ServersJson400PassesThrough()
    {
        var (body, header) = InferenceJson.WriteRequest(new InferRequest { Inputs = Inputs(TestModels.Rows(2)) }, binaryInputs: true);
        var (response, answer) = await PostAsync(_client, body[..^5], header);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("binary bytes are left", Encoding.UTF8.GetString(answer));
    }

    [GeneratedRegex(@"pipeline_gateway_prediction_score_count\{[^}]*\} (\d+)")]
    private static partial Regex ScoreCount();
}
