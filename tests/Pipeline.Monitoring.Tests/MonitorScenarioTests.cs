using System.Text.Json;
using Pipeline.Core.Models;
using Pipeline.Core.Monitoring;
using Pipeline.Core.Verdicts;
using Pipeline.Data.Generation;
using Pipeline.Data.Validation;
using Pipeline.Monitoring.Alerts;
using Pipeline.Monitoring.Live;
using Pipeline.Monitoring.Retraining;
using Pipeline.Monitoring.Tests.Support;
using Pipeline.Testing;

namespace Pipeline.Monitoring.Tests;

/// <summary>After promotion, end to end on real servers: traffic logged, outcomes fed back, the Monitor judges, alerts, and builds the retraining dataset.</summary>
public sealed class MonitorScenarioTests(TrafficWorld world) : IClassFixture<TrafficWorld>
{
    private MonitorInput Input(string version, string logs) => new()
    {
        Config = world.Config, Contract = world.Contract, Version = version,
        Traffic = LiveTraffic.Read(logs, version), TrainingProfile = world.Profile, Holdout = world.Holdout,
        WorkDirectory = Path.Combine(world.Folder, "work"),
    };

    private async Task<string> ServeAsync(string version, (Core.Features.FeatureBatch Rows, string[] Ids, float[] Labels) traffic)
    {
        var logs = Path.Combine(world.Folder, "logs-" + version);
        await using var server = await world.StartServerAsync(version, logs);
        await TrafficWorld.SendAsync(server.Client, traffic.Rows, traffic.Ids);
        var answers = await TrafficWorld.FeedbackAsync(server.Client, traffic.Ids, traffic.Labels);
        Assert.Equal(traffic.Ids.Length, answers.Sum(a => a.GetProperty("accepted").GetInt32()));
        await server.PredictionLog.FlushAsync();
        return logs;
    }

    [Fact]
    public async Task Monitor_TrafficLikeTraining_RaisesNothing()
    {
        var logs = await ServeAsync("1", world.Traffic(1500, seed: 101));
        var result = ProductionMonitor.Evaluate(Input("1", logs));

        Assert.False(result.Breach, string.Join("\n", result.Verdict.Failures.Select(f => $"{f.Metric}: {f.Observed} vs {f.Threshold}")));
        Assert.Contains(result.Verdict.Checks, c => c.Metric.StartsWith("input drift: amount", StringComparison.Ordinal) && c.Outcome != CheckOutcome.Info);
        var quality = Assert.Single(result.Verdict.Checks, c => c.Metric == "live quality: auc");
        Assert.NotEqual(CheckOutcome.Info, quality.Outcome);
        Assert.NotNull(quality.ConfidenceInterval);
        Assert.Equal(1500, quality.SampleSize);
        Assert.Contains(result.Verdict.Checks, c => c.Metric.StartsWith("live quality: auc [country=", StringComparison.Ordinal));
        Assert.Equal(0, result.Gauges.Breach);
        Assert.Contains("pipeline_monitor_breach{model=\"fraud-detector\",version=\"1\"} 0", result.Gauges.ToPrometheusText(DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public async Task Monitor_DriftedTraffic_DetectsAlertsAndBuildsTheRetrainingDataset()
    {
        var drifted = world.Traffic(1500, seed: 202, new DriftOptions { AmountScale = 1.6, NewCategory = "crypto_exchange", LabelShift = 1.0 });
        var logs = await ServeAsync("2", drifted);
        var result = ProductionMonitor.Evaluate(Input("2", logs));

        Assert.True(result.Breach);
        Assert.Contains(result.Verdict.Failures, f => f.Metric.StartsWith("input drift: amount", StringComparison.Ordinal));
        Assert.Contains(result.Verdict.Failures, f => f.Metric.StartsWith("input drift: merchant_category", StringComparison.Ordinal));
        Assert.True(result.Gauges.DriftFailures >= 2);

        // Alerts: generic JSON and a Slack-compatible body reach the webhook, and the verdict names who was told.
        await using var receiver = new WebhookReceiver();
        using var http = new HttpClient();
        var notifier = new WebhookNotifier(http, TimeProvider.System);
        var generic = await notifier.NotifyAsync(new WebhookTarget { Url = receiver.Url, Format = "generic", Name = "#fraud-oncall" }, "fraud-detector", "2", result.Verdict, "retrain", default);
        var slack = await notifier.NotifyAsync(new WebhookTarget { Url = receiver.Url, Format = "slack" }, "fraud-detector", "2", result.Verdict, null, default);
        Assert.True(generic.Delivered && slack.Delivered);
        var bodies = receiver.Bodies.Select(b => JsonDocument.Parse(b).RootElement).ToList();
        Assert.Equal(2, bodies.Count);
        Assert.Contains(bodies[0].GetProperty("breaches").EnumerateArray(), b => b.GetProperty("metric").GetString()!.Contains("amount"));
        Assert.Equal("fraud-detector", bodies[0].GetProperty("model").GetString());
        Assert.Contains("Monitor breach", bodies[1].GetProperty("text").GetString());
        Assert.Equal("section", bodies[1].GetProperty("blocks")[0].GetProperty("type").GetString());
        var told = WebhookNotifier.WithNotification(result.Verdict, generic);
        Assert.Contains("#fraud-oncall told", told.Checks[^1].Observed);
        var nobody = await notifier.NotifyAsync(null, "fraud-detector", "2", result.Verdict, null, default);
        Assert.Contains("nobody was told", nobody.Message);

        // Retraining data: the source plus the logged rows with outcomes, digest and lineage recorded.
        var traffic = LiveTraffic.Read(logs, "2");
        var lineage = RetrainingDataset.Write(world.TrainingData, world.Contract, world.Config, "2", traffic.Labelled().ToList(), Path.Combine(world.Folder, "retrain"));
        Assert.Equal(12_000, lineage.SourceRows);
        Assert.Equal(1500, lineage.LiveRows);
        Assert.StartsWith("sha256:", lineage.Digest);
        Assert.True(File.Exists(lineage.File + ".lineage.json"));
        var rows = File.ReadLines(lineage.File).Count() - 1;
        Assert.Equal(13_500, rows);
        var second = RetrainingDataset.Write(world.TrainingData, world.Contract, world.Config, "2", traffic.Labelled().ToList(), Path.Combine(world.Folder, "retrain"));
        Assert.Equal(lineage.Digest, second.Digest);
    }

    [Fact]
    public async Task Monitor_LabelledRowsOfAnotherVersion_NotCounted()
    {
        var logs = await ServeAsync("3", world.Traffic(300, seed: 303));
        var other = LiveTraffic.Read(logs, "4");
        Assert.Empty(other.Rows);
        var mine = LiveTraffic.Read(logs, "3");
        Assert.Equal(300, mine.Rows.Count);
        Assert.Equal(300, mine.Labelled().Count());
        Assert.All(mine.Rows, r => Assert.DoesNotContain("customer_id", r.Features.Keys));
    }
}
