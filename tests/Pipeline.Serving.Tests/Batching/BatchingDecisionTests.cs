using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Pipeline.Serving.Model;
using Pipeline.Serving.Tests.Support;

namespace Pipeline.Serving.Tests.Batching;

/// <summary>Batching as shipped (<c>--batching auto</c>): on only when the model's batched call is measurably cheaper per row,
/// measured at start; the decision and its figures are in the log, the ready line's fields and the metrics; a lone request is
/// never held for the batch window.</summary>
public sealed class BatchingDecisionTests
{
    private const string Predict = "/v1/models/fraud-detector:predict";

    [Fact]
    public async Task Start_BatchingAuto_DecisionAndItsMeasuredFiguresInLogAndMetrics()
    {
        await using var server = await RunningServer.StartAsync(o => o with { Batching = null });
        var decision = server.Server.Batching;
        Assert.Equal("auto", decision.Mode);
        Assert.Equal(Pipeline.Serving.Batching.BatchingProbe.ProbeRows, decision.BatchRows);
        Assert.True(decision.SingleRowMicros > 0 && decision.BatchedRowMicros > 0, $"probe figures {decision.SingleRowMicros} / {decision.BatchedRowMicros} µs");
        // The decision follows its own figures (default rule: half the cost per row and at least 25 µs saved).
        var pays = decision.BatchedRowMicros <= decision.SingleRowMicros / 2 && decision.SingleRowMicros - decision.BatchedRowMicros >= new Pipeline.Serving.Hosting.ServingOptions().BatchingMinSavingMicros;
        Assert.Equal(pays, decision.Enabled);

        var metrics = await server.Client.GetStringAsync("/metrics");
        Assert.Equal(decision.Enabled ? 1 : 0, MetricsText.Value(metrics, "pipeline_batching_enabled", "mode=\"auto\"", "model=\"fraud-detector\""));
        Assert.Equal(decision.SingleRowMicros / 1e6, MetricsText.Value(metrics, "pipeline_batching_probe_row_seconds", "rows=\"1\"")!.Value, 1e-9);
        Assert.Equal(decision.BatchedRowMicros / 1e6, MetricsText.Value(metrics, "pipeline_batching_probe_row_seconds", "rows=\"16\"")!.Value, 1e-9);

        await server.Log.DisposeAsync();
        using var line = JsonDocument.Parse(server.Capture.Lines.Single(l => l.Contains("\"event\":\"batching_decided\"", StringComparison.Ordinal)));
        var fields = line.RootElement;
        Assert.Equal(decision.Enabled, fields.GetProperty("batching").GetBoolean());
        Assert.Equal("auto", fields.GetProperty("batching_mode").GetString());
        Assert.Equal(Math.Round(decision.SingleRowMicros, 2), fields.GetProperty("batching_single_row_us").GetDouble());
        Assert.Contains("µs per row", fields.GetProperty("batching_reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_BatchingAuto_ModelWithALargeCostPerCall_BatchingOn()
    {
        // 3 ms per call whatever its rows (a GPU launch, a remote call): 16 rows cost ~0.2 ms each in one call.
        await using var server = await RunningServer.StartAsync(o => o with { Batching = null },
            wrap: s => new DelayedScorer(s, TimeSpan.FromMilliseconds(3)));
        var decision = server.Server.Batching;
        Assert.True(decision.Enabled, decision.Reason);
        Assert.True(decision.SingleRowMicros >= 3000, $"one row alone measured {decision.SingleRowMicros} µs; the model sleeps 3 ms per call");
    }

    [Fact]
    public async Task Start_BatchingAuto_ModelWhoseCostIsPerRow_BatchingOff()
    {
        // 300 µs of CPU per row and nothing per call: a batch saves nothing, so batching would only add its own cost.
        await using var server = await RunningServer.StartAsync(o => o with { Batching = null },
            wrap: s => new CostlyScorer(s, 300));
        var decision = server.Server.Batching;
        Assert.False(decision.Enabled, decision.Reason);
        Assert.True(decision.BatchedRowMicros >= 300, $"a row in a batch measured {decision.BatchedRowMicros} µs; the model burns 300 µs per row");
        var (_, metrics) = (await server.PostJsonAsync(Predict, Requests.V1(TestModels.Rows(1))), await server.Client.GetStringAsync("/metrics"));
        Assert.Equal(0, MetricsText.Value(metrics, "pipeline_batching_enabled", "mode=\"auto\""));
    }

    [Fact]
    public async Task BatchingAuto_LoneClientRightAfterABurst_NotHeldForTheBatchWindow()
    {
        // Batching on (the model costs 3 ms per call) with a 1 s window. A burst of 6 clients ends; they disconnect; one client
        // then sends requests one after another: each is scored at once, not held up to 1 s for the 6 clients that left.
        RecordingScorer? recorder = null;
        await using var server = await RunningServer.StartAsync(o => o with { Batching = null, MaxDelayMs = 1000 },
            wrap: s => recorder = new RecordingScorer(new DelayedScorer(s, TimeSpan.FromMilliseconds(3))));
        Assert.True(server.Server.Batching.Enabled, server.Server.Batching.Reason);
        var body = Requests.V1(TestModels.Rows(1));
        using (var burst = new HttpClient { BaseAddress = server.Client.BaseAddress })
        {
            var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => burst.PostAsync(Predict, new StringContent(body, System.Text.Encoding.UTF8, "application/json"))));
            Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        }
        await Task.Delay(100);      // the burst's connections close
        var calls = recorder!.Calls.Count;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 4; i++) Assert.Equal(HttpStatusCode.OK, (await server.PostJsonAsync(Predict, body)).StatusCode);
        Assert.True(watch.ElapsedMilliseconds < 900, $"4 lone requests took {watch.ElapsedMilliseconds} ms; none may wait for the 1000 ms batch window");
        Assert.Equal([1, 1, 1, 1], recorder.Calls.Skip(calls));
    }
}
