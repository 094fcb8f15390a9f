using System.Text;
using Pipeline.Benchmarking.Load;
using Pipeline.Deployment.Judge;
using Pipeline.Deployment.Release;
using Pipeline.Deployment.Tests.Support;
using Pipeline.Gateway.Scores;

namespace Pipeline.Deployment.Tests.Release;

/// <summary>Online quality on real servers: replay rows carry labels, the labelled client records each answer with the version that gave it.</summary>
[Collection(ReleaseCollection.Name)]
public sealed class OnlineQualityReleaseTests
{
    /// <summary>
    /// These tests are about quality: latency is judged with a 500 ms margin, because a cold canary on a busy 2-core machine was once
    /// rolled back on p99 (142 ms vs 49 ms) 0.9 s into its step, before any labelled answer (latency judging is tested at 50 ms elsewhere).
    /// </summary>
    private static readonly Core.Models.RolloutPolicy Policy = ReleaseScenario.Policy with { Steps = [50, 100], MaxStepSeconds = 15, MaxP99LatencyIncreaseMs = 500 };

    /// <summary>Log loss narrows slowly: this canary's true increase is ~0.13 nats and the always-valid sequence at α=0.002 is ±0.11 wide
    /// on ~750 labelled canary answers, too close to call every time (1 run in 6 undecided). So the step replays at 400/s (200/s labelled)
    /// and is held to 4000 canary requests (~2000 labelled canary answers, ±0.07), and any increase counts.</summary>
    private static readonly Core.Models.RolloutPolicy StrictQuality = Policy with
    {
        ReplayRatePerSecond = 400, MinRequestsPerStep = 4000, MaxStepSeconds = 40, MaxLogLossIncrease = 0,
    };

    [Fact]
    public async Task Run_CanaryScoresRowsAsOtherCategories_RolledBackOnOnlineLogLossNotPsi()
    {
        await using var s = await ReleaseScenario.StartAsync();
        // 2048 rows: each category holds ~400 of them, so the rotated model's score distribution on these rows is close to v1's
        // (with 512 the per-category samples differ enough for PSI's one chi-square look to flag it now and then).
        var rows = ReplayRows.Seeded(2048);
        var labels = await LabelsFromProductionAsync(s, rows);
        var file = FraudModels.Write(s.Harness.Root, "v2-rotated", -2.0, rotateCategories: true);
        await s.Harness.RegisterAsync("v2-rotated", file);

        var result = await s.Release.RunAsync(s.Request("v2-rotated", file) with { Policy = StrictQuality, ReplayRows = rows, ReplayLabels = labels }, CancellationToken.None);

        Assert.True(result.Kind == ReleaseKind.RolledBack, $"{result.Kind}: {result.Message}\n{s.LogText}");
        var quality = Assert.Single(result.Rollout!.Final.Metrics, m => m.Metric == CanaryJudge.QualityMetric);
        Assert.True(quality.Status == MetricStatus.Breached, $"{quality}\n{s.LogText}");
        Assert.Contains("AUC canary", quality.Statistic);
        Assert.Contains(result.Rollout.Final.Metrics, m => m.Metric == "score_psi" && m.Status == MetricStatus.Healthy);
        Assert.Contains("with labels: online quality judged", s.LogText);
        await s.AssertProductionOnAsync("v1");
    }

    [Fact]
    public async Task Run_SameModelWithLabels_PromotedWithQualityJudged()
    {
        await using var s = await ReleaseScenario.StartAsync();
        var rows = ReplayRows.Seeded(512);
        var labels = await LabelsFromProductionAsync(s, rows);
        var file = FraudModels.Write(s.Harness.Root, "v2", -2.0);
        await s.Harness.RegisterAsync("v2", file);

        var result = await s.Release.RunAsync(s.Request("v2", file) with { Policy = Policy, ReplayRows = rows, ReplayLabels = labels }, CancellationToken.None);

        Assert.True(result.Kind == ReleaseKind.Promoted, $"{result.Kind}: {result.Message}\n{s.LogText}");
        var quality = Assert.Single(result.Rollout!.Final.Metrics, m => m.Metric == CanaryJudge.QualityMetric);
        Assert.NotEqual(MetricStatus.NotJudged, quality.Status);
        Assert.True(quality.CanarySamples >= 30 && quality.StableSamples >= 30, quality.ToString());
    }

    /// <summary>Labels that production (v1) ranks perfectly: the top fifth of v1's scores are the positives.</summary>
    private static async Task<float[]> LabelsFromProductionAsync(ReleaseScenario s, Core.Features.FeatureBatch rows)
    {
        var gateway = await s.Harness.GatewayEndpointAsync();
        var scores = new List<float>();
        foreach (var body in PredictBodies.FromBatch(rows, rowsPerRequest: 1, maxBodies: rows.Rows))
        {
            using var response = await s.Harness.Client.PostAsync($"{gateway}/v1/models/{DeploymentHarness.Model}:predict", new ByteArrayContent(body)
            {
                Headers = { ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") },
            });
            scores.Add(ScoreParser.Parse(await response.Content.ReadAsByteArrayAsync()).Single());
        }
        var cut = scores.Order().ElementAt((int)(scores.Count * 0.8));
        s.Log($"labels: v1 scores {scores.Min():0.000}–{scores.Max():0.000}, positives above {cut:0.000}");
        return scores.Select(x => x >= cut ? 1f : 0f).ToArray();
    }
}
