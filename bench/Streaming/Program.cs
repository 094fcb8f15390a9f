// Queue consumer throughput: the real model server in consumer mode (a separate process, Release build) drains a backlog of
// one-row V1 requests from a real RabbitMQ queue (answers published and requests acknowledged in one transaction per group),
// at several prefetch sizes; the same process's HTTP port is then driven closed-loop (c=32) with the same bodies, so the
// ratio queue/HTTP is measured in one run on one server. Also: the consumer's CPU per message.
// Usage: dotnet build -c Release bench/Streaming && dotnet bench/Streaming/bin/Release/net10.0/Pipeline.Bench.Streaming.dll [messages=20000]
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Pipeline.Benchmarking.Load;
using Pipeline.Benchmarking.Servers;
using Pipeline.Serving.Tests.Support;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

var messages = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20_000;
var broker = Environment.GetEnvironmentVariable("PIPELINE_TEST_AMQP") is { Length: > 0 } b ? b : "amqp://guest:guest@127.0.0.1:5672/";
var work = Directory.CreateTempSubdirectory("pipeline-bench-streaming-").FullName;
var modelFile = TestModels.WriteModel(work);
var configFile = TestModels.WriteConfig(work);
var bodies = PredictBodies.FromBatch(TestModels.Rows(256), rowsPerRequest: 1);
var executable = Path.Combine(AppContext.BaseDirectory, "Pipeline.Serving.dll");
Console.WriteLine($"Queue consumer bench: {messages:N0} one-row V1 requests, fraud-detector test model, {Environment.ProcessorCount} cores, load {LoadAverage()}, broker {broker.Split('@')[^1]}");

await using var connection = await new ConnectionFactory { Uri = new Uri(broker) }.CreateConnectionAsync();
await using var channel = await connection.CreateChannelAsync();
var rows = new List<string>();
double? bestQueue = null;
foreach (var prefetch in new[] { 16, 64, 256 })
{
    var queue = $"bench.{Guid.NewGuid():N}"[..20];
    var results = queue + ".results";
    await channel.QueueDeclareAsync(queue, true, false, false, null);
    await channel.QueueDeclareAsync(results, true, false, false, null);
    var publishWatch = Stopwatch.StartNew();
    for (var i = 0; i < messages; i++)
        await channel.BasicPublishAsync("", queue, false, new BasicProperties { MessageId = $"m{i}", DeliveryMode = DeliveryModes.Persistent }, bodies[i % bodies.Count]);
    var publishSeconds = publishWatch.Elapsed.TotalSeconds;

    var answered = 0;
    long first = 0, last = 0;
    var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    await using var listen = await connection.CreateChannelAsync();
    var subscription = new AsyncEventingBasicConsumer(listen);
    subscription.ReceivedAsync += (_, _) =>
    {
        var n = Interlocked.Increment(ref answered);
        var now = Stopwatch.GetTimestamp();
        if (n == 1) first = now;
        if (n == messages) { last = now; done.TrySetResult(); }
        return Task.CompletedTask;
    };
    await listen.BasicConsumeAsync(results, autoAck: true, subscription);

    var launch = ServerLaunch.ForPipelineServing("consumer", executable, modelFile, configFile, "fraud-detector", "1", "consumer",
        ["--consume", broker, "--queue", queue, "--prefetch", prefetch.ToString(CultureInfo.InvariantCulture)]);
    await using var server = await ServerProcess.StartAsync(launch, TimeSpan.FromSeconds(60));
    var cpuBefore = server.CpuTime() ?? TimeSpan.Zero;
    await done.Task.WaitAsync(TimeSpan.FromMinutes(10));
    var cpu = (server.CpuTime() ?? TimeSpan.Zero) - cpuBefore;
    var seconds = Stopwatch.GetElapsedTime(first, last).TotalSeconds;
    var rate = (messages - 1) / seconds;
    bestQueue = Math.Max(bestQueue ?? 0, rate);

    string? httpCell = null;
    if (prefetch == 256)
    {
        // The same server over HTTP, closed loop at c=32 with the same bodies: the ratio the queue is judged by.
        var templates = bodies.Select(body => HttpRequestTemplate.Post("127.0.0.1", server.Port, "/v1/models/fraud-detector:predict", body)).ToList();
        var load = new LoadGenerator(new IPEndPoint(IPAddress.Loopback, server.Port), templates);
        var http = await load.RunClosedLoopAsync(new ClosedLoopOptions { Concurrency = 32, Duration = TimeSpan.FromSeconds(5), Warmup = TimeSpan.FromSeconds(1) });
        httpCell = $"{http.ThroughputPerSecond:N0} requests/s over HTTP (c=32, {http.Errors} errors); queue/HTTP {bestQueue / http.ThroughputPerSecond:0.00}×";
    }
    rows.Add($"| {prefetch} | {rate:N0} | {cpu.TotalMilliseconds * 1000 / messages:N0} µs | {messages / publishSeconds:N0} | {httpCell ?? ""} |");
    await server.StopAsync(TimeSpan.FromSeconds(15));
    await channel.QueueDeleteAsync(queue);
    await channel.QueueDeleteAsync(queue + ".dead-letter");
    await channel.QueueDeleteAsync(results);
}
Console.WriteLine();
Console.WriteLine("| prefetch | answered messages/s (backlog drain) | consumer CPU per message | published messages/s (this client) | HTTP on the same server |");
Console.WriteLine("| --- | --- | --- | --- | --- |");
foreach (var row in rows) Console.WriteLine(row);
Directory.Delete(work, recursive: true);

static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
