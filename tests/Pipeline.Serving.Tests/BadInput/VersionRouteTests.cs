using System.Net;
using System.Text.Json;
using Pipeline.Serving.Tests.Support;

namespace Pipeline.Serving.Tests.BadInput;

/// <summary>Issue 24 item 10: the server answers the route of the registry version it was started with (<c>--version</c>).</summary>
public sealed class VersionRouteTests : IAsyncLifetime
{
    private RunningServer _server = null!;

    public async Task InitializeAsync() => _server = await RunningServer.StartAsync(o => o with { Version = "v7" });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Infer_OwnVersionRoute_AnswersWithThatVersion()
    {
        var response = await _server.PostJsonAsync("/v2/models/fraud-detector/versions/v7/infer", Requests.V2(TestModels.Rows(1)));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        Assert.Equal("v7", JsonDocument.Parse(text).RootElement.GetProperty("model_version").GetString());
    }

    [Fact]
    public async Task Infer_OtherVersionRoute_404NamingTheVersionServed()
    {
        var response = await _server.PostJsonAsync("/v2/models/fraud-detector/versions/v6/infer", Requests.V2(TestModels.Rows(1)));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString();
        Assert.Contains("version 'v6' is not served here", error);
        Assert.Contains("version 'v7'", error);
    }
}
