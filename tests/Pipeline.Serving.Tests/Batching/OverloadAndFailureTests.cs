using System.Net;
using System.Text.Json;
using Pipeline.Serving.Model;
using Pipeline.Serving.Tests.Support;

namespace Pipeline.Serving.Tests.Batching;

public sealed class OverloadAndFailureTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task FullQueue_Answers503WithRetryAfter(bool batching)
    {
        await using var server = await RunningServer.StartAsync(o => o with { Batching = batching, MaxQueue = 2, MaxBatch = 1 },
            wrap: s => new DelayedScorer(s, TimeSpan.FromMilliseconds(300)));
        var body = Requests.V1(TestModels.Rows(1));
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => server.PostJsonAsync("/v1/models/fraud-detector:predict", body)));
        var rejected = responses.Where(r => r.StatusCode == HttpStatusCode.ServiceUnavailable).ToArray();
        Assert.NotEmpty(rejected);
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(rejected, r => Assert.Equal(TimeSpan.FromSeconds(1), r.Headers.RetryAfter?.Delta));
        var error = JsonDocument.Parse(await rejected[0].Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString();
        Assert.Contains("queue is full", error);
        Assert.DoesNotContain(responses, r => (int)r.StatusCode == 500);
    }

    [Fact]
    public async Task ModelError_Answers500WithRequestIdThatIsInTheLog()
    {
        await using var server = await RunningServer.StartAsync(o => o with { Batching = false }, failing: true);
        var one = await server.PostJsonAsync("/v1/models/fraud-detector:predict", Requests.V1(TestModels.Rows(1)));
        Assert.Equal(HttpStatusCode.OK, one.StatusCode);

        var two = await server.PostJsonAsync("/v1/models/fraud-detector:predict", Requests.V1(TestModels.Rows(2)));
        Assert.Equal(HttpStatusCode.InternalServerError, two.StatusCode);
        var body = JsonDocument.Parse(await two.Content.ReadAsStringAsync()).RootElement;
        var requestId = body.GetProperty("request_id").GetString()!;
        Assert.Equal(requestId, two.Headers.GetValues("x-request-id").Single());
        Assert.Contains(requestId, body.GetProperty("error").GetString());

        var deadline = DateTime.UtcNow.AddSeconds(5);
        string? line = null;
        while (line is null && DateTime.UtcNow < deadline)
        {
            line = server.Capture.Lines.FirstOrDefault(l => l.Contains("\"model_error\"", StringComparison.Ordinal) && l.Contains(requestId, StringComparison.Ordinal));
            if (line is null) await Task.Delay(50);
        }
        Assert.NotNull(line);
        var log = JsonDocument.Parse(line!).RootElement;
        Assert.Equal("error", log.GetProperty("level").GetString());
        Assert.Equal("7", log.GetProperty("version").GetString());
        Assert.Contains("Reshape", log.GetProperty("error").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ClientRequestId_IsKeptAndLogged()
    {
        await using var server = await RunningServer.StartAsync(o => o with { AccessLog = "all" });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v2/health/live");
        request.Headers.Add("x-request-id", "abc-123");
        var response = await server.Client.SendAsync(request);
        Assert.Equal("abc-123", response.Headers.GetValues("x-request-id").Single());
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!server.Capture.Text.Contains("abc-123", StringComparison.Ordinal) && DateTime.UtcNow < deadline) await Task.Delay(50);
        var line = JsonDocument.Parse(server.Capture.Lines.First(l => l.Contains("abc-123", StringComparison.Ordinal))).RootElement;
        Assert.Equal("request", line.GetProperty("event").GetString());
        Assert.True(line.GetProperty("latency_ms").GetDouble() >= 0);
        Assert.Equal("canary", line.GetProperty("variant").GetString());
    }
}
