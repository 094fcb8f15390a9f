using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Pipeline.Benchmarking.Servers;
using Pipeline.Serving.Tests.Support;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Pipeline.Serving.Tests.Streaming;

/// <summary>
/// The model server's consumer mode against a real RabbitMQ broker and real server processes: a stream of requests is answered
/// exactly once per message id although the consumer is SIGKILLed mid-stream and restarted, every answer equals the HTTP server's
/// answer to the same body, malformed messages go to the dead-letter queue with their reason, and the metrics show it all.
/// </summary>
public sealed class QueueConsumerTests
{
    private const int Messages = 240;
    private static string Executable => Path.Combine(AppContext.BaseDirectory, "Pipeline.Serving.dll");

    private sealed record Answer(string Queue, string? MessageId, string? CorrelationId, int Status, string Body);

    [Theory]
    [InlineData("fraud-detector")]
    [InlineData("colour-class")]
    public async Task KilledMidStream_Restarted_EveryMessageAnsweredExactlyOnceAsOverHttp(string modelName)
    {
        var kind = StreamingModels.Named(modelName);
        using var folder = new TempFolder();
        var modelFile = kind.WriteModel(folder.Path);
        var configFile = kind.WriteConfig(folder.Path);
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var queue = $"test.{modelName}.{suffix}";
        var results = queue + ".results";
        var deadLetter = queue + ".dead-letter";
        var replies = queue + ".replies";

        await using var connection = await Broker.ConnectAsync();
        await using var channel = await connection.CreateChannelAsync();
        foreach (var q in new[] { queue, results, deadLetter, replies })
            await channel.QueueDeclareAsync(q, durable: true, exclusive: false, autoDelete: false, arguments: null);
        try
        {
            // One row per message; every third message asks for its answer on its own reply queue with a correlation id.
            var rows = kind.Rows(Messages, 21);
            var bodies = Enumerable.Range(0, Messages).Select(i => Requests.V1(rows.Slice(i, 1))).ToArray();
            var answers = new ConcurrentQueue<Answer>();
            await using var listen = await connection.CreateChannelAsync();
            foreach (var q in new[] { results, replies })
            {
                var subscription = new AsyncEventingBasicConsumer(listen);
                var name = q;
                subscription.ReceivedAsync += (_, e) =>
                {
                    var status = e.BasicProperties.Headers?.TryGetValue("status", out var s) == true ? Convert.ToInt32(s, System.Globalization.CultureInfo.InvariantCulture) : -1;
                    answers.Enqueue(new Answer(name, e.BasicProperties.MessageId, e.BasicProperties.CorrelationId, status, Encoding.UTF8.GetString(e.Body.Span)));
                    return Task.CompletedTask;
                };
                await listen.BasicConsumeAsync(q, autoAck: true, subscription);
            }

            for (var i = 0; i < Messages; i++)
                await channel.BasicPublishAsync("", queue, false, Properties(i, replies), Encoding.UTF8.GetBytes(bodies[i]));
            // Poison at the end of the stream, so the restarted consumer is the one that meets it.
            await channel.BasicPublishAsync("", queue, false, new BasicProperties { MessageId = "bad-json", DeliveryMode = DeliveryModes.Persistent }, "{\"instances\": [{"u8.ToArray());
            await channel.BasicPublishAsync("", queue, false, new BasicProperties { MessageId = "bad-row", DeliveryMode = DeliveryModes.Persistent },
                "{\"instances\": [{\"nothing\": 1}]}"u8.ToArray());
            await channel.BasicPublishAsync("", queue, false, new BasicProperties { DeliveryMode = DeliveryModes.Persistent }, Encoding.UTF8.GetBytes(bodies[0]));

            var first = await StartConsumerAsync(modelFile, configFile, modelName, queue);
            var killedAfter = 0;
            try
            {
                await WaitUntilAsync(() => answers.Count >= Messages / 4, TimeSpan.FromSeconds(20), "the first consumer to answer a quarter of the stream");
                using var process = Process.GetProcessById(first.ProcessId);
                process.Kill();       // SIGKILL: no graceful stop; whatever it had not committed the broker redelivers
                await process.WaitForExitAsync();
                killedAfter = answers.Count;
            }
            finally
            {
                await first.DisposeAsync();
            }
            Assert.True(killedAfter < Messages, $"the consumer was killed after all {killedAfter} answers; the kill must land mid-stream");

            var second = await StartConsumerAsync(modelFile, configFile, modelName, queue);
            string metrics;
            try
            {
                await WaitUntilAsync(() => answers.Select(a => a.MessageId).Distinct().Count() >= Messages + 2, TimeSpan.FromSeconds(20),
                    "every message to be answered after the restart");
                using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{second.Port}") };
                metrics = await http.GetStringAsync("/metrics");
                Assert.Equal(0, await second.StopAsync(TimeSpan.FromSeconds(15)));   // graceful: commits what it holds, then exits 0
            }
            finally
            {
                await second.DisposeAsync();
            }
            await Task.Delay(300);    // a duplicate published at the very end would arrive now

            // Exactly once per id, on the queue the request asked for, with its correlation id.
            var byId = answers.GroupBy(a => a.MessageId ?? "").ToDictionary(g => g.Key, g => g.ToList());
            var duplicated = byId.Where(kv => kv.Value.Count > 1).Select(kv => $"{kv.Key} ×{kv.Value.Count}").ToList();
            Assert.True(duplicated.Count == 0, $"answered more than once: {string.Join(", ", duplicated.Take(10))}");
            var missing = Enumerable.Range(0, Messages).Select(Id).Where(id => !byId.ContainsKey(id)).ToList();
            Assert.True(missing.Count == 0, $"never answered: {string.Join(", ", missing.Take(10))}");
            for (var i = 0; i < Messages; i++)
            {
                var answer = byId[Id(i)][0];
                Assert.Equal(i % 3 == 0 ? replies : results, answer.Queue);
                Assert.Equal(i % 3 == 0 ? $"corr-{i}" : Id(i), answer.CorrelationId);
                Assert.Equal(200, answer.Status);
            }

            // The same bodies over HTTP, to a server of the same model: the same predictions.
            await using (var server = await RunningServer.StartAsync(o => o with { Name = modelName }, writeModel: kind.WriteModel, writeConfig: kind.WriteConfig))
            {
                for (var i = 0; i < Messages; i++)
                {
                    var response = await server.PostJsonAsync($"/v1/models/{modelName}:predict", bodies[i]);
                    AssertSamePredictions(await response.Content.ReadAsStringAsync(), byId[Id(i)][0].Body, Id(i));
                }
            }

            // Malformed messages: answered as HTTP would (400, naming the problem) and moved to the dead-letter queue with the reason.
            Assert.Equal(400, byId["bad-json"].Single().Status);
            Assert.Contains("not valid JSON", byId["bad-json"].Single().Body);
            Assert.Equal(400, byId["bad-row"].Single().Status);
            Assert.Contains("is missing", byId["bad-row"].Single().Body);
            Assert.False(byId.ContainsKey(""), "a message without any id must not be answered (its answer could not be matched)");
            var dead = await DrainAsync(channel, deadLetter, 3);
            Assert.Equal([":no_id", "bad-json:malformed", "bad-row:malformed"],
                dead.Select(d => $"{d.BasicProperties.MessageId}:{Header(d, "x-pipeline-reason-code")}").Order(StringComparer.Ordinal).ToArray());
            Assert.All(dead, d => Assert.False(string.IsNullOrEmpty(Header(d, "x-pipeline-reason"))));
            Assert.Contains("message_id", Header(dead.Single(d => d.BasicProperties.MessageId is null), "x-pipeline-reason"));
            Assert.Equal(0u, (await channel.QueueDeclarePassiveAsync(queue)).MessageCount);

            // The restarted consumer's metrics: HTTP's series for its answers, and the consumer's own.
            Assert.True(MetricsText.Value(metrics, "pipeline_requests_total", "route=\"amqp\"", "status=\"200\"") > 0, metrics);
            Assert.True(MetricsText.Value(metrics, "pipeline_requests_total", "route=\"amqp\"", "status=\"400\"") >= 2, metrics);
            Assert.True(MetricsText.Value(metrics, "pipeline_batch_size_count") > 0, metrics);
            Assert.True(MetricsText.Value(metrics, "pipeline_consumer_redelivered_total") > 0,
                "the restarted consumer saw no redelivered message: the kill did not leave unacknowledged requests behind\n" + metrics);
            Assert.Equal(2, MetricsText.Value(metrics, "pipeline_consumer_dead_lettered_total", "reason=\"malformed\""));
            Assert.Equal(1, MetricsText.Value(metrics, "pipeline_consumer_dead_lettered_total", "reason=\"no_id\""));
            Assert.Equal(1, MetricsText.Value(metrics, "pipeline_consumer_connected"));
        }
        finally
        {
            foreach (var q in new[] { queue, results, deadLetter, replies }) await channel.QueueDeleteAsync(q);
        }
    }

    [Fact]
    public async Task NoBroker_ConsumerExitsNonZero_NamingTheBrokerAndTheFix()
    {
        using var folder = new TempFolder();
        var modelFile = TestModels.WriteModel(folder.Path);
        var configFile = TestModels.WriteConfig(folder.Path);
        var closed = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        closed.Start();
        var port = ((System.Net.IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        var launch = ServerLaunch.ForPipelineServing("consumer", Executable, modelFile, configFile, "fraud-detector", "1", "consumer",
            ["--consume", $"amqp://guest:secret@127.0.0.1:{port}/", "--warmup-requests", "0"]);
        var start = new ProcessStartInfo(launch.FileName) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in launch.Arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        var log = await stdout + await stderr;
        Assert.Equal(4, process.ExitCode);
        Assert.Contains("consumer_start_failed", log);
        Assert.Contains($"127.0.0.1:{port}", log);
        Assert.Contains("37-rabbitmq.sh", log);
        Assert.DoesNotContain("secret", log);
    }

    private static string Id(int i) => $"msg-{i}";

    private static BasicProperties Properties(int i, string replies) => new()
    {
        MessageId = Id(i), ContentType = "application/json", DeliveryMode = DeliveryModes.Persistent,
        ReplyTo = i % 3 == 0 ? replies : null, CorrelationId = i % 3 == 0 ? $"corr-{i}" : null,
    };

    private static Task<ServerProcess> StartConsumerAsync(string modelFile, string configFile, string name, string queue) =>
        ServerProcess.StartAsync(ServerLaunch.ForPipelineServing("consumer", Executable, modelFile, configFile, name, "1", "consumer",
            ["--consume", Broker.Uri, "--queue", queue, "--prefetch", "24", "--max-batch", "8", "--test-extra-latency-ms", "3", "--warmup-requests", "4"],
            new Dictionary<string, string> { ["PIPELINE_SERVING_TEST_HOOKS"] = "1" }), TimeSpan.FromSeconds(60));

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > timeout) throw new TimeoutException($"waited {timeout.TotalSeconds:0} s for {what}");
            await Task.Delay(20);
        }
    }

    private static async Task<List<BasicGetResult>> DrainAsync(IChannel channel, string queue, int expected)
    {
        var got = new List<BasicGetResult>();
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(5))
        {
            var message = await channel.BasicGetAsync(queue, autoAck: true);
            if (message is null)
            {
                if (got.Count >= expected) break;
                await Task.Delay(50);
                continue;
            }
            got.Add(message);
        }
        return got;
    }

    private static string? Header(BasicGetResult message, string name) =>
        message.BasicProperties.Headers?.TryGetValue(name, out var v) == true ? v is byte[] b ? Encoding.UTF8.GetString(b) : v?.ToString() : null;

    /// <summary>Same rows predicted: numbers equal to float precision (batches of other sizes may round the last bit differently), classes equal.</summary>
    private static void AssertSamePredictions(string http, string queued, string id)
    {
        using var a = JsonDocument.Parse(http);
        using var b = JsonDocument.Parse(queued);
        var expected = a.RootElement.GetProperty("predictions").EnumerateArray().ToList();
        var actual = b.RootElement.GetProperty("predictions").EnumerateArray().ToList();
        Assert.Equal(expected.Count, actual.Count);
        for (var r = 0; r < expected.Count; r++)
        {
            if (expected[r].ValueKind == JsonValueKind.Number)
            {
                Assert.True(Math.Abs(expected[r].GetDouble() - actual[r].GetDouble()) <= 1e-6, $"{id}: HTTP {expected[r]} vs queue {actual[r]}");
                continue;
            }
            Assert.Equal(expected[r].GetProperty("class").GetInt64(), actual[r].GetProperty("class").GetInt64());
            Assert.Equal(expected[r].GetProperty("label").GetString(), actual[r].GetProperty("label").GetString());
            var p = expected[r].GetProperty("probabilities").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            var q = actual[r].GetProperty("probabilities").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            Assert.Equal(p.Length, q.Length);
            for (var c = 0; c < p.Length; c++) Assert.True(Math.Abs(p[c] - q[c]) <= 1e-6, $"{id} class {c}: HTTP {p[c]} vs queue {q[c]}");
        }
    }
}
