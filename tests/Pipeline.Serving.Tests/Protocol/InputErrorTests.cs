using System.Net;
using System.Text.Json;
using Pipeline.Serving.Tests.Support;

namespace Pipeline.Serving.Tests.Protocol;

public sealed class InputErrorTests : IAsyncLifetime
{
    private RunningServer _server = null!;

    public async Task InitializeAsync() => _server = await RunningServer.StartAsync(o => o with { MaxRequestRows = 10, MaxBodyBytes = 64 * 1024 });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<JsonElement[]> Expect400(string path, string body)
    {
        var response = await _server.PostJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"expected 400, got {(int)response.StatusCode}: {text}");
        var root = JsonDocument.Parse(text).RootElement;
        Assert.False(string.IsNullOrEmpty(root.GetProperty("request_id").GetString()));
        return root.GetProperty("details").EnumerateArray().ToArray();
    }

    private static void HasError(JsonElement[] details, string field, string fragment) =>
        Assert.Contains(details, d => d.GetProperty("field").GetString() == field && d.GetProperty("problem").GetString()!.Contains(fragment, StringComparison.Ordinal));

    private const string Predict = "/v1/models/fraud-detector:predict";
    private const string Infer = "/v2/models/fraud-detector/infer";

    [Fact]
    public async Task Predict_MissingColumnAndWrongType_ListsEveryFieldError()
    {
        var body = Requests.V1(TestModels.Rows(2))
            .Replace("\"hour\":", "\"hour_typo\":", StringComparison.Ordinal);
        var doc = JsonDocument.Parse(body);
        var first = doc.RootElement.GetProperty("instances")[0].GetRawText();
        var broken = first.Replace("\"country\":", "\"country_x\":", StringComparison.Ordinal);
        var withBadAmount = System.Text.RegularExpressions.Regex.Replace(broken, "\"amount\":[^,]+", "\"amount\":\"12,5\"");
        var details = await Expect400(Predict, $"{{\"instances\":[{withBadAmount}]}}");
        HasError(details, "instances[0].hour", "is missing");
        HasError(details, "instances[0].country", "is missing");
        HasError(details, "instances[0].amount", "expected a number");
        HasError(details, "instances[0].amount", "\"12,5\"");
    }

    [Theory]
    [InlineData("not json", "$", "not valid JSON")]
    [InlineData("{\"rows\":[]}", "instances", "is missing")]
    [InlineData("{\"instances\":{}}", "instances", "expected an array")]
    [InlineData("{\"instances\":[]}", "instances", "is empty")]
    [InlineData("{\"instances\":[1]}", "instances[0]", "expected an object")]
    public async Task Predict_MalformedBody_400WithField(string body, string field, string fragment) =>
        HasError(await Expect400(Predict, body), field, fragment);

    [Fact]
    public async Task Predict_TooManyRows_400NamesTheLimit()
    {
        var details = await Expect400(Predict, Requests.V1(TestModels.Rows(11)));
        HasError(details, "instances", "limit of 10");
    }

    [Fact]
    public async Task Predict_OversizedBody_400NamesTheLimit()
    {
        var padding = new string('x', 70 * 1024);
        var details = await Expect400(Predict, $"{{\"pad\":\"{padding}\"}}");
        HasError(details, "$", "limit of 65536 bytes");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Predict_ChunkedBody_WithoutContentLength_ReadToTheLimit(bool oversized)
    {
        // No Content-Length: the body reader cannot size its buffer up front and must stop one byte past the limit.
        var body = oversized ? $"{{\"pad\":\"{new string('x', 70 * 1024)}\"}}" : Requests.V1(TestModels.Rows(3));
        using var content = new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(body)));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, Predict) { Content = content };
        request.Headers.TransferEncodingChunked = true;
        var response = await _server.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (oversized)
        {
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"expected 400, got {(int)response.StatusCode}: {text}");
            Assert.Contains("limit of 65536 bytes", text, StringComparison.Ordinal);
        }
        else
        {
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"expected 200, got {(int)response.StatusCode}: {text}");
            Assert.Equal(3, JsonDocument.Parse(text).RootElement.GetProperty("predictions").GetArrayLength());
        }
    }

    [Fact]
    public async Task Infer_WrongDatatype_400()
    {
        var body = Requests.V2(TestModels.Rows(2));
        body = body.Replace("{\"name\":\"amount\",\"shape\":[2,1],\"datatype\":\"FP32\"", "{\"name\":\"amount\",\"shape\":[2,1],\"datatype\":\"BYTES\"", StringComparison.Ordinal);
        var details = await Expect400(Infer, body);
        Assert.Contains(details, d => d.GetProperty("field").GetString()!.EndsWith(".datatype", StringComparison.Ordinal)
            && d.GetProperty("problem").GetString()!.Contains("'BYTES' does not fit input 'amount'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Infer_WrongShapeAndMismatchedRows_400()
    {
        var body = Requests.V2(TestModels.Rows(2))
            .Replace("{\"name\":\"hour\",\"shape\":[2,1]", "{\"name\":\"hour\",\"shape\":[2,3]", StringComparison.Ordinal)
            .Replace("{\"name\":\"country\",\"shape\":[2,1]", "{\"name\":\"country\",\"shape\":[3,1]", StringComparison.Ordinal);
        var details = await Expect400(Infer, body);
        Assert.Contains(details, d => d.GetProperty("problem").GetString()!.Contains("[2, 3] does not fit input 'hour'", StringComparison.Ordinal));
        Assert.Contains(details, d => d.GetProperty("problem").GetString()!.Contains("every input needs the same N", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Infer_UnknownAndMissingInputs_400()
    {
        var body = Requests.V2(TestModels.Rows(1)).Replace("\"name\":\"hour\"", "\"name\":\"hours\"", StringComparison.Ordinal);
        var details = await Expect400(Infer, body);
        Assert.Contains(details, d => d.GetProperty("problem").GetString()!.Contains("'hours' is not an input", StringComparison.Ordinal));
        HasError(details, "inputs", "input 'hour' is missing");
    }

    [Fact]
    public async Task Infer_DataLengthAndElementType_400()
    {
        var body = Requests.V2(TestModels.Rows(2));
        var amount = JsonDocument.Parse(body).RootElement.GetProperty("inputs")[0].GetRawText();
        var shortData = body.Replace(amount, "{\"name\":\"amount\",\"shape\":[2,1],\"datatype\":\"FP32\",\"data\":[1.5]}", StringComparison.Ordinal);
        HasError(await Expect400(Infer, shortData), "inputs[0].data", "has 1 values but shape [2, 1] needs 2");
        var strings = body.Replace(amount, "{\"name\":\"amount\",\"shape\":[2,1],\"datatype\":\"FP32\",\"data\":[\"a\",2]}", StringComparison.Ordinal);
        HasError(await Expect400(Infer, strings), "inputs[0].data[0]", "expected a number, got string \"a\"");
    }

    [Fact]
    public async Task Infer_UnknownOutputRequested_400()
    {
        var body = Requests.V2(TestModels.Rows(1)).Insert(1, "\"outputs\":[{\"name\":\"logits\"}],");
        HasError(await Expect400(Infer, body), "outputs[0].name", "'logits' is not an output");
    }

    [Fact]
    public async Task BadInput_CountedAs400_NeverAs500()
    {
        await _server.PostJsonAsync(Predict, "{}");
        var metrics = await _server.Client.GetStringAsync("/metrics");
        Assert.Contains("pipeline_requests_total{route=\"predict\",status=\"400\"", metrics);
        Assert.DoesNotContain("status=\"500\"", metrics);
    }
}
