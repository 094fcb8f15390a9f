using System.Net;
using System.Text.Json;
using Pipeline.Serving.Tests.Support;

namespace Pipeline.Serving.Tests.BadInput;

/// <summary>Issue 24 item 10: values of an OIP v2 tensor must fit its declared datatype instead of being read as FP32.</summary>
public sealed class TensorDatatypeTests : IAsyncLifetime
{
    private RunningServer _server = null!;

    public async Task InitializeAsync() => _server = await RunningServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static string WithHour(string datatype, string value)
    {
        var body = Requests.V2(TestModels.Rows(1));
        using var doc = JsonDocument.Parse(body);
        var hour = doc.RootElement.GetProperty("inputs").EnumerateArray().First(i => i.GetProperty("name").GetString() == "hour").GetRawText();
        return body.Replace(hour, $$"""{"name":"hour","shape":[1,1],"datatype":"{{datatype}}","data":[{{value}}]}""", StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("INT64", "17.99", "is not an integer")]
    [InlineData("INT32", "-0.5", "is not an integer")]
    [InlineData("BOOL", "17.99", "is not a boolean")]
    [InlineData("BOOL", "2", "is not a boolean")]
    [InlineData("UINT8", "-3", "is negative")]
    public async Task Infer_ValueNotOfDeclaredDatatype_400NamingTheValueAndTheType(string datatype, string value, string rule)
    {
        var response = await _server.PostJsonAsync("/v2/models/fraud-detector/infer", WithHour(datatype, value));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        var detail = JsonDocument.Parse(text).RootElement.GetProperty("details").EnumerateArray().Single();
        Assert.EndsWith(".data[0]", detail.GetProperty("field").GetString());
        var problem = detail.GetProperty("problem").GetString()!;
        Assert.Contains(value, problem);
        Assert.Contains(rule, problem);
        Assert.Contains(datatype, problem);
    }

    [Theory]
    [InlineData("INT64", "17")]
    [InlineData("BOOL", "true")]
    [InlineData("BOOL", "1")]
    [InlineData("FP32", "17.99")]
    [InlineData("INT64", "null")]
    public async Task Infer_ValueFitsDeclaredDatatype_Scored(string datatype, string value)
    {
        var response = await _server.PostJsonAsync("/v2/models/fraud-detector/infer", WithHour(datatype, value));

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }
}
