using Pipeline.Core.Monitoring;
using Pipeline.Gateway;
using Pipeline.Gateway.Routing;
using Pipeline.Monitoring.Tests.Support;

namespace Pipeline.Monitoring.Tests;

/// <summary>Feedback through the gateway reaches the server that answered, and is kept with its version.</summary>
public sealed class FeedbackThroughGatewayTests(TrafficWorld world) : IClassFixture<TrafficWorld>
{
    [Fact]
    public async Task Feedback_ThroughGateway_KeptWithTheAnsweringVersion()
    {
        var logs = Path.Combine(world.Folder, "gateway-logs");
        await using var stable = await world.StartServerAsync("5", logs, "stable");
        await using var canary = await world.StartServerAsync("6", logs, "canary");
        var gateway = GatewayHost.Create(new GatewayOptions
        {
            InitialRouting = new RoutingTable { Stable = new Upstream(stable.Url, "5"), Canary = new Upstream(canary.Url, "6"), CanaryWeight = 50 },
            AdminToken = "t",
        });
        await gateway.App.StartAsync();
        try
        {
            using var client = new HttpClient { BaseAddress = gateway.BaseAddress };
            var traffic = world.Traffic(200, seed: 404, idOffset: 910_000_000);
            await TrafficWorld.SendAsync(client, traffic.Rows, traffic.Ids);
            var answers = await TrafficWorld.FeedbackAsync(client, traffic.Ids, traffic.Labels, "/v2/models/fraud-detector/feedback");
            Assert.Equal(200, answers.Sum(a => a.GetProperty("accepted").GetInt32()));
            var single = await client.PostAsync("/v1/models/fraud-detector/feedback", new StringContent($"{{\"id\":\"{traffic.Ids[0]}\",\"label\":1}}"));
            Assert.Equal(System.Net.HttpStatusCode.Conflict, single.StatusCode);
            var unknown = await client.PostAsync("/v1/models/fraud-detector/feedback", new StringContent("{\"id\":\"nope\",\"label\":1}"));
            Assert.Equal(System.Net.HttpStatusCode.NotFound, unknown.StatusCode);

            var kept5 = LogLines.ReadFeedbackFile(Path.Combine(logs, "feedback-5.jsonl")).ToList();
            var kept6 = LogLines.ReadFeedbackFile(Path.Combine(logs, "feedback-6.jsonl")).ToList();
            Assert.Equal(200, kept5.Count + kept6.Count);
            Assert.True(kept5.Count > 40 && kept6.Count > 40, $"stable kept {kept5.Count}, canary {kept6.Count}");
            await stable.PredictionLog.FlushAsync();
            var answered5 = LogLines.ReadPredictions(Directory.GetFiles(logs, "predictions-5-*").Single()).Select(r => r.Id).ToHashSet();
            Assert.All(kept5, f => Assert.Contains(f.Id, answered5));
        }
        finally
        {
            await gateway.App.StopAsync();
            await gateway.App.DisposeAsync();
        }
    }
}
