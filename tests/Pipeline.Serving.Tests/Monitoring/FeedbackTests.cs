using Pipeline.Core.Monitoring;
using System.Net;
using System.Text.Json;
using Pipeline.Serving.Monitoring;
using Pipeline.Serving.Tests.Support;

namespace Pipeline.Serving.Tests.Monitoring;

/// <summary>Outcome feedback against a real server: every answer kind, batches, and durability across a restart.</summary>
public sealed class FeedbackTests : IDisposable
{
    private readonly TempFolder _logs = new();

    public void Dispose() => _logs.Dispose();

    private Func<Pipeline.Serving.Model.ServedModel, PredictionLog> Log(TimeSpan? window = null) => model =>
        new PredictionLog(new PredictionLogOptions { Directory = _logs.Path, FeedbackWindow = window ?? TimeSpan.FromDays(1) }, model, TimeProvider.System);

    private static async Task<JsonElement> Json(HttpResponseMessage r) => JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement;

    private static async Task PredictAsync(RunningServer server, string requestId, int rows)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/models/fraud-detector:predict")
        {
            Content = new StringContent(Requests.V1(TestModels.Rows(rows, seed: rows)), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("x-request-id", requestId);
        var response = await server.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Feedback_EveryAnswerKind_ClearStatusAndMessage()
    {
        await using var server = await RunningServer.StartAsync(predictionLog: Log());
        await PredictAsync(server, "r-1", 1);
        await PredictAsync(server, "r-2", 3);

        var accepted = await server.PostJsonAsync("/v1/models/fraud-detector/feedback", """{"id": "r-1", "label": 1}""");
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var body = await Json(accepted);
        Assert.Equal("accepted", body.GetProperty("results")[0].GetProperty("status").GetString());
        Assert.Equal("7", body.GetProperty("results")[0].GetProperty("model_version").GetString());

        var duplicate = await server.PostJsonAsync("/v2/models/fraud-detector/feedback", """{"id": "r-1", "label": 0}""");
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Contains("already has an outcome", (await Json(duplicate)).GetProperty("results")[0].GetProperty("message").GetString());

        var unknown = await server.PostJsonAsync("/v1/models/fraud-detector/feedback", """{"id": "never-seen", "label": 0}""");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("x-request-id", (await Json(unknown)).GetProperty("results")[0].GetProperty("message").GetString());

        var badLabel = await server.PostJsonAsync("/v1/models/fraud-detector/feedback", """{"id": "r-2#0", "label": 2}""");
        Assert.Equal(HttpStatusCode.BadRequest, badLabel.StatusCode);
        Assert.Contains("send 0 or 1", (await Json(badLabel)).GetProperty("results")[0].GetProperty("message").GetString());

        var notJson = await server.PostJsonAsync("/v1/models/fraud-detector/feedback", "{id: r-1");
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Contains("not JSON", (await Json(notJson)).GetProperty("error").GetString());

        var batch = await server.PostJsonAsync("/v2/models/fraud-detector/feedback",
            """{"feedback": [{"id": "r-2#0", "label": 0}, {"id": "r-2#1", "label": true}, {"id": "r-2#2"}, {"id": "r-9", "label": 1}]}""");
        Assert.Equal(HttpStatusCode.OK, batch.StatusCode);
        var b = await Json(batch);
        Assert.Equal(2, b.GetProperty("accepted").GetInt32());
        Assert.Equal(1, b.GetProperty("invalid").GetInt32());
        Assert.Equal(1, b.GetProperty("unknown").GetInt32());
        Assert.Equal(["accepted", "accepted", "invalid", "unknown"], b.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("status").GetString()!));

        var otherModel = await server.PostJsonAsync("/v1/models/other/feedback", """{"id": "r-1", "label": 1}""");
        Assert.Equal(HttpStatusCode.NotFound, otherModel.StatusCode);
    }

    [Fact]
    public async Task Feedback_AfterRestart_NothingLostAndDuplicatesStillRecognised()
    {
        await using (var first = await RunningServer.StartAsync(predictionLog: Log()))
        {
            await PredictAsync(first, "before-1", 1);
            await PredictAsync(first, "before-2", 1);
            Assert.Equal(HttpStatusCode.OK, (await first.PostJsonAsync("/v1/models/fraud-detector/feedback", """{"id": "before-1", "label": 1}""")).StatusCode);
        }
        await using var second = await RunningServer.StartAsync(predictionLog: Log());
        Assert.Equal(HttpStatusCode.Conflict, (await second.PostJsonAsync("/v1/models/fraud-detector/feedback", """{"id": "before-1", "label": 1}""")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.PostJsonAsync("/v1/models/fraud-detector/feedback", """{"id": "before-2", "label": 0}""")).StatusCode);
        var kept = LogLines.ReadFeedbackFile(Path.Combine(_logs.Path, "feedback-7.jsonl")).ToList();
        Assert.Equal(["before-1", "before-2"], kept.Select(k => k.Id));
        Assert.Equal([1, 0], kept.Select(k => k.Label));
        Assert.All(kept, k => Assert.Equal("7", k.Version));
    }

    [Fact]
    public async Task Feedback_AfterTheWindow_AnsweredLate()
    {
        await using var server = await RunningServer.StartAsync(predictionLog: Log(window: TimeSpan.Zero));
        await PredictAsync(server, "old-1", 1);
        await Task.Delay(20);
        var late = await server.PostJsonAsync("/v1/models/fraud-detector/feedback", """{"id": "old-1", "label": 1}""");
        Assert.Equal(HttpStatusCode.Gone, late.StatusCode);
        Assert.Contains("feedbackWindowHours", (await Json(late)).GetProperty("results")[0].GetProperty("message").GetString());
    }
}
