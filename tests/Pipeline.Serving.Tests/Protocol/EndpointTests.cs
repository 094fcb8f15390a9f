using System.Net;
using System.Text.Json;
using Pipeline.Serving.Tests.Support;

namespace Pipeline.Serving.Tests.Protocol;

public sealed class EndpointTests : IAsyncLifetime
{
    private RunningServer _server = null!;

    public async Task InitializeAsync() => _server = await RunningServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task Health_LiveAndReady_Answer200()
    {
        var live = await _server.Client.GetAsync("/v2/health/live");
        var ready = await _server.Client.GetAsync("/v2/health/ready");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.True((await Json(live)).GetProperty("live").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.True((await Json(ready)).GetProperty("ready").GetBoolean());
        Assert.True(live.Headers.Contains("x-request-id"));
    }

    [Fact]
    public async Task ModelMetadata_KnownModel_ListsInputsAndOutput()
    {
        var response = await _server.Client.GetAsync("/v2/models/fraud-detector");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await Json(response);
        Assert.Equal("fraud-detector", body.GetProperty("name").GetString());
        Assert.Equal("7", body.GetProperty("versions")[0].GetString());
        var inputs = body.GetProperty("inputs").EnumerateArray().ToDictionary(i => i.GetProperty("name").GetString()!, i => i.GetProperty("datatype").GetString());
        Assert.Equal(9, inputs.Count);
        Assert.Equal("FP32", inputs["amount"]);
        Assert.Equal("BYTES", inputs["country"]);
        Assert.Equal("probability", body.GetProperty("outputs")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task ModelReady_KnownAndUnknown_200And404()
    {
        Assert.Equal(HttpStatusCode.OK, (await _server.Client.GetAsync("/v2/models/fraud-detector/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _server.Client.GetAsync("/v2/models/fraud-detector/versions/7/ready")).StatusCode);
        var unknown = await _server.Client.GetAsync("/v2/models/other/ready");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("serves 'fraud-detector'", (await Json(unknown)).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await _server.Client.GetAsync("/v2/models/fraud-detector/versions/8/ready")).StatusCode);
    }

    [Fact]
    public async Task Infer_V2Tensors_ReturnsTheModelsProbabilities()
    {
        var rows = TestModels.Rows(5);
        var response = await _server.PostJsonAsync("/v2/models/fraud-detector/infer", Requests.V2(rows, id: "req-1"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await Json(response);
        Assert.Equal("req-1", body.GetProperty("id").GetString());
        Assert.Equal("7", body.GetProperty("model_version").GetString());
        var output = body.GetProperty("outputs")[0];
        Assert.Equal("probability", output.GetProperty("name").GetString());
        Assert.Equal(5, output.GetProperty("shape")[0].GetInt32());
        var served = output.GetProperty("data").EnumerateArray().Select(e => e.GetSingle()).ToArray();
        var direct = _server.Scorer.Score(rows);
        Assert.Equal(direct, served);
        Assert.All(served, p => Assert.InRange(p, 0f, 1f));
        Assert.True(served.Distinct().Count() > 1, "different rows should score differently");
    }

    [Fact]
    public async Task Predict_V1Instances_MatchesV2Scores()
    {
        var rows = TestModels.Rows(4, seed: 9);
        var v1 = await _server.PostJsonAsync("/v1/models/fraud-detector:predict", Requests.V1(rows));
        var v2 = await _server.PostJsonAsync("/v2/models/fraud-detector/infer", Requests.V2(rows));
        Assert.Equal(HttpStatusCode.OK, v1.StatusCode);
        var predictions = (await Json(v1)).GetProperty("predictions").EnumerateArray().Select(e => e.GetSingle()).ToArray();
        var tensors = (await Json(v2)).GetProperty("outputs")[0].GetProperty("data").EnumerateArray().Select(e => e.GetSingle()).ToArray();
        Assert.Equal(tensors, predictions);
    }

    [Fact]
    public async Task Predict_BooleanAndExtraFields_AcceptedLikeCsvValues()
    {
        const string row = """{"instances":[{"transaction_id":"t1","amount":12.5,"hour":3,"customer_age":null,"txn_count_1h":0,"amount_sum_24h":40,"distance_from_home_km":2.5,"merchant_category":"fuel","country":"DE","card_present":true}]}""";
        var response = await _server.PostJsonAsync("/v1/models/fraud-detector:predict", row);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var asString = row.Replace("\"card_present\":true", "\"card_present\":\"true\"", StringComparison.Ordinal);
        var again = await _server.PostJsonAsync("/v1/models/fraud-detector:predict", asString);
        Assert.Equal(await response.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Predict_UnknownModel_404()
    {
        var response = await _server.PostJsonAsync("/v1/models/nope:predict", Requests.V1(TestModels.Rows(1)));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task ServerMetadata_Answers()
    {
        var response = await _server.Client.GetAsync("/v2");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("pipeline-serving", (await Json(response)).GetProperty("name").GetString());
    }
}
