using System.Net;
using Pipeline.Serving.Tests.Support;

namespace Pipeline.Serving.Tests.Batching;

public sealed class DynamicBatchingTests
{
    private static async Task<(int Ok, string Metrics)> Burst(RunningServer server, int requests)
    {
        var rows = TestModels.Rows(requests, seed: 3);
        var bodies = Enumerable.Range(0, requests).Select(i => Requests.V1(rows.Slice(i, 1))).ToArray();
        using var start = new ManualResetEventSlim();
        var tasks = bodies.Select(b => Task.Run(async () =>
        {
            start.Wait();
            return await server.PostJsonAsync("/v1/models/fraud-detector:predict", b);
        })).ToArray();
        start.Set();
        var responses = await Task.WhenAll(tasks);
        var metrics = await server.Client.GetStringAsync("/metrics");
        return (responses.Count(r => r.StatusCode == HttpStatusCode.OK), metrics);
    }

    [Fact]
    public async Task BatchingOn_ConcurrentRequests_MergedIntoFewerModelCalls()
    {
        // A slow model call lets requests pile up behind it, as under real load.
        await using var server = await RunningServer.StartAsync(o => o with { Batching = true, MaxBatch = 64, MaxDelayMs = 20 },
            wrap: s => new Pipeline.Serving.Model.DelayedScorer(s, TimeSpan.FromMilliseconds(30)));
        var (ok, metrics) = await Burst(server, 48);
        Assert.Equal(48, ok);
        var batches = MetricsText.Value(metrics, "pipeline_batch_size_count", "model=\"fraud-detector\"")!.Value;
        var rows = MetricsText.Value(metrics, "pipeline_batch_size_sum", "model=\"fraud-detector\"")!.Value;
        var singleRow = MetricsText.Value(metrics, "pipeline_batch_size_bucket", "le=\"1\"")!.Value;
        Assert.Equal(48, rows);
        Assert.True(batches < 48, $"48 concurrent requests ran as {batches} model calls; expected fewer (batches formed)");
        Assert.True(singleRow < batches, "at least one batch should hold more than one row");
    }

    [Fact]
    public async Task BatchingOff_EveryRequestIsItsOwnModelCall()
    {
        await using var server = await RunningServer.StartAsync(o => o with { Batching = false });
        var (ok, metrics) = await Burst(server, 16);
        Assert.Equal(16, ok);
        Assert.Equal(16, MetricsText.Value(metrics, "pipeline_batch_size_count", "model=\"fraud-detector\""));
        Assert.Equal(16, MetricsText.Value(metrics, "pipeline_batch_size_bucket", "le=\"1\""));
    }

    [Fact]
    public async Task BatchingOn_LoneRequest_NotHeldForTheMaxDelay()
    {
        await using var server = await RunningServer.StartAsync(o => o with { Batching = true, MaxDelayMs = 500 });
        var body = Requests.V1(TestModels.Rows(1));
        await server.PostJsonAsync("/v1/models/fraud-detector:predict", body);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.OK, (await server.PostJsonAsync("/v1/models/fraud-detector:predict", body)).StatusCode);
        Assert.True(watch.ElapsedMilliseconds < 500, $"5 sequential requests took {watch.ElapsedMilliseconds} ms; a lone request must not wait for max-delay (500 ms)");
    }

    [Fact]
    public async Task BatchingOn_ClientsOfTheLastBatchComingBack_WaitedForInsteadOfScoredOneByOne()
    {
        // Under sustained load the clients of a batch send their next requests a little apart. The first of them must not be
        // scored alone (then a few, then the rest): the leader waits, up to max-delay, for as many rows as the last call had.
        RecordingScorer? recorder = null;
        await using var server = await RunningServer.StartAsync(o => o with { Batching = true, MaxBatch = 64, MaxDelayMs = 400 },
            wrap: s => recorder = new RecordingScorer(new Pipeline.Serving.Model.DelayedScorer(s, TimeSpan.FromMilliseconds(30))));
        var body = Requests.V1(TestModels.Rows(1));

        // A known last call: one request scored alone while 7 more queue behind it, which then run as one call of 7 rows.
        var first = recorder!.Calls.Count;
        using var inModel = new ManualResetEventSlim();
        var hold = 1;
        recorder.BeforeCall = _ =>
        {
            if (Interlocked.Exchange(ref hold, 0) == 0) return;
            inModel.Set();
            SpinWait.SpinUntil(() => server.Server.QueueDepth >= 8, TimeSpan.FromSeconds(10));
        };
        var lone = server.PostJsonAsync("/v1/models/fraud-detector:predict", body);
        Assert.True(inModel.Wait(TimeSpan.FromSeconds(10)), "the first request never reached the model");
        var queued = Enumerable.Range(0, 7).Select(_ => server.PostJsonAsync("/v1/models/fraud-detector:predict", body)).ToList();
        Assert.All(await Task.WhenAll(queued.Prepend(lone)), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal([1, 7], recorder.Calls.Skip(first));

        var returning = recorder.Calls.Count;
        var staggered = new List<Task<HttpResponseMessage>>();
        for (var i = 0; i < 8; i++)
        {
            staggered.Add(server.PostJsonAsync("/v1/models/fraud-detector:predict", body));
            await Task.Delay(8);
        }
        Assert.All(await Task.WhenAll(staggered), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));

        var calls = recorder.Calls.Skip(returning).ToArray();
        Assert.True(calls.Length <= 2 && calls[0] >= 7,
            $"8 requests sent 8 ms apart right after a call of 7 rows ran as model calls of {string.Join(", ", calls)} rows; expected the first to wait for 7 rows (at most 2 calls)");
    }

    [Fact]
    public async Task BatchingOn_PipelinedRequestsOnManyConnections_EachAnsweredInOrderWithItsOwnScore()
    {
        // HTTP/1.1 pipelining under batching: each connection's next request is already buffered when an answer is written, so
        // requests of one connection land in different batches; every connection must get its answers in order, each with its
        // own row's score.
        await using var server = await RunningServer.StartAsync(o => o with { Batching = true, MaxBatch = 16, MaxDelayMs = 5 },
            wrap: s => new Pipeline.Serving.Model.DelayedScorer(s, TimeSpan.FromMilliseconds(2)));
        const int connections = 8, perConnection = 24;
        var rows = TestModels.Rows(connections * perConnection, seed: 17);
        var expected = server.Scorer.Score(rows);
        var answers = await Task.WhenAll(Enumerable.Range(0, connections).Select(c => Task.Run(async () =>
        {
            using var socket = new System.Net.Sockets.TcpClient();
            await socket.ConnectAsync(IPAddress.Loopback, server.Server.Port);
            var stream = socket.GetStream();
            var all = new System.Text.StringBuilder();
            for (var i = 0; i < perConnection; i++)
            {
                var body = System.Text.Encoding.UTF8.GetBytes(Requests.V1(rows.Slice(c * perConnection + i, 1)));
                all.Append($"POST /v1/models/fraud-detector:predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n");
                all.Append(System.Text.Encoding.UTF8.GetString(body));
            }
            await stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(all.ToString()));      // every request in one write: pipelined
            return await ReadResponsesAsync(stream, perConnection);
        })));
        for (var c = 0; c < connections; c++)
            for (var i = 0; i < perConnection; i++)
            {
                var (status, body) = answers[c][i];
                Assert.Equal(200, status);
                var score = System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("predictions")[0].GetSingle();
                Assert.True(Math.Abs(score - expected[c * perConnection + i]) < 1e-6,
                    $"connection {c}, request {i}: score {score}, expected {expected[c * perConnection + i]} (answers out of order or mixed up)");
            }
    }

    /// <summary>Reads <paramref name="count"/> HTTP/1.1 responses (status line, headers, Content-Length body) off one connection.</summary>
    private static async Task<List<(int Status, string Body)>> ReadResponsesAsync(Stream stream, int count)
    {
        var buffer = new List<byte>();
        var chunk = new byte[8192];
        var responses = new List<(int, string)>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (responses.Count < count)
        {
            var text = System.Text.Encoding.ASCII.GetString(buffer.ToArray());
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end >= 0)
            {
                var head = text[..end].Split("\r\n");
                var length = int.Parse(head.First(h => h.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))["Content-Length:".Length..].Trim(),
                    System.Globalization.CultureInfo.InvariantCulture);
                if (buffer.Count >= end + 4 + length)
                {
                    responses.Add((int.Parse(head[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture),
                        System.Text.Encoding.UTF8.GetString(buffer.GetRange(end + 4, length).ToArray())));
                    buffer.RemoveRange(0, end + 4 + length);
                    continue;
                }
            }
            var read = await stream.ReadAsync(chunk, timeout.Token);
            if (read == 0) throw new EndOfStreamException($"connection closed after {responses.Count} of {count} responses");
            buffer.AddRange(chunk.AsSpan(0, read).ToArray());
        }
        return responses;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task BatchingOn_ModelInstances_BoundsModelCallsInFlight(int instances)
    {
        var probe = new OverlapProbe();
        await using var server = await RunningServer.StartAsync(o => o with { Batching = true, MaxBatch = 4, MaxDelayMs = 0, ModelInstances = instances },
            wrap: s => new OverlapScorer(new Pipeline.Serving.Model.DelayedScorer(s, TimeSpan.FromMilliseconds(40)), probe));
        var (ok, _) = await Burst(server, 24);
        Assert.Equal(24, ok);
        Assert.Equal(instances, probe.MaxInFlight);
    }

    private sealed class OverlapProbe
    {
        private int _inFlight;
        private int _max;
        public int MaxInFlight => Volatile.Read(ref _max);

        public void Enter()
        {
            var now = Interlocked.Increment(ref _inFlight);
            int seen;
            while ((seen = Volatile.Read(ref _max)) < now && Interlocked.CompareExchange(ref _max, now, seen) != seen) { }
        }

        public void Leave() => Interlocked.Decrement(ref _inFlight);
    }

    private sealed class OverlapScorer(Pipeline.Serving.Model.IBatchScorer inner, OverlapProbe probe) : Pipeline.Serving.Model.IBatchScorer
    {
        public float[] Score(Pipeline.Core.Features.FeatureBatch batch)
        {
            probe.Enter();
            try { return inner.Score(batch); }
            finally { probe.Leave(); }
        }

        public void Dispose() => inner.Dispose();
    }
}
