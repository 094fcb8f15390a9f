using System.Globalization;
using System.Text.Json;
using Pipeline.Benchmarking.Servers;
using Pipeline.Build;
using Pipeline.Core.Errors;
using Pipeline.Deployment.Targets.Process;
using Pipeline.Registry.Usage;

partial class Build
{
    [Parameter("Consume: AMQP URI of the RabbitMQ broker to read requests from (amqp://user:password@host:5672/vhost)", Name = "amqp")]
    readonly string AmqpUri = "amqp://127.0.0.1:5672/";

    [Parameter("Consume: queue of requests (default <model>.requests); answers go to reply_to, else <queue>.results; unanswerable requests to <queue>.dead-letter",
        Name = "queue")]
    readonly string? ConsumeQueue;

    [Parameter("Consume: stop the consumer gracefully after this many seconds (0: run until Ctrl+C or SIGTERM)", Name = "consume-seconds")]
    readonly double ConsumeSeconds;

    Target Consume => _ => _
        .Description("Run the queue consumer of --model's production version (or --model-version): requests from --queue on the --amqp broker, answers to reply_to; recorded in the registry")
        .Executes(async ctx =>
        {
            var config = Config;
            await using var registry = await OpenRegistryAsync(ctx.CancellationToken);
            var version = await ScoredVersionAsync(registry, ctx.CancellationToken);
            if (!ctx.Store.Exists(version.ModelDigest))
                throw new UserInputException($"Consume: the ONNX file of {Model} {version.Version} ({version.ModelDigest}) is not in the artifact store {Layout.ArtifactsDirectory}; run the release that registered it here, or point PIPELINE_ARTIFACTS at its store");
            // This checkout's server build (incremental), as the process target builds the gateway: a self-contained publish
            // is what images and the benchmark need, and can take minutes on a busy machine. The model is the registered digest.
            DotNetBuild("src/Pipeline.Serving");
            var server = DeploymentPrograms.BuildOutput(SourceDirectory, "Pipeline.Serving")[^1];
            var extra = new List<string> { "--consume", AmqpUri };
            if (ConsumeQueue is { Length: > 0 } queue) extra.AddRange(["--queue", queue]);
            var launch = ServerLaunch.ForPipelineServing("consumer", server, ctx.Store.PathOf(version.ModelDigest), ModelFile, config.Name, version.Version, "consumer", extra)
                with { WorkingDirectory = RootDirectory };

            await using var consumer = await ServerProcess.StartAsync(launch, TimeSpan.FromSeconds(60), ct: ctx.CancellationToken);
            var consuming = LogEvent(consumer.Output, "consuming") ?? throw new InvalidOperationException("Consume: the server is ready but logged no consuming line");
            var where = $"{consuming.GetProperty("broker").GetString()} queue {consuming.GetProperty("queue").GetString()}";
            var results = consuming.GetProperty("result_queue").GetString();
            var started = DateTimeOffset.UtcNow;
            await RecordConsumerAsync(registry, version.Version, version.ModelDigest, where,
                $"running since {started:u}, pid {consumer.ProcessId}, answers to reply_to or {results}, metrics http://127.0.0.1:{consumer.Port}/metrics", ctx);
            Log.Information($"Consume: {Model} {version.Version} ({version.ModelDigest[..19]}) reads {where}; answers to reply_to, else {results}; " +
                            $"metrics http://127.0.0.1:{consumer.Port}/metrics; {(ConsumeSeconds > 0 ? $"stops after {ConsumeSeconds:0.#} s" : "Ctrl+C stops it")}");

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ctx.CancellationToken);
            if (ConsumeSeconds > 0) stop.CancelAfter(TimeSpan.FromSeconds(ConsumeSeconds));
            while (!consumer.HasExited && !stop.IsCancellationRequested)
                await Task.Delay(TimeSpan.FromMilliseconds(250), CancellationToken.None);
            var exit = await consumer.StopAsync(TimeSpan.FromSeconds(30));
            var stopped = LogEvent(consumer.Output, "consumer_stopped");
            long Count(string name) => stopped is { } s && s.TryGetProperty(name, out var v) ? v.GetInt64() : 0;
            var detail = $"ran {started:u} to {DateTimeOffset.UtcNow:u}: {Count("answered")} answered, {Count("dead_lettered")} dead-lettered, {Count("redelivered")} redelivered; exit {exit}";
            await RecordConsumerAsync(registry, version.Version, version.ModelDigest, where, detail, ctx);
            ctx.Note(detail);
            if (exit != 0)
            {
                foreach (var line in consumer.Output.TakeLast(10)) Log.Warning("  | " + line);
                throw new InvalidOperationException($"Consume: the consumer exited with {exit.ToString(CultureInfo.InvariantCulture)} (4: could not start on the broker, 5: lost the broker); see its log above");
            }
            Log.Information($"Consume: {detail}");
        });

    Task RecordConsumerAsync(Pipeline.Registry.IModelRegistry registry, string version, string digest, string where, string detail, TargetContext ctx) =>
        PatternUses.RecordAsync(registry, Model, new PatternUse { Pattern = "consumer", Version = version, ModelDigest = digest, Where = where, Detail = detail },
            Actor, ctx.RunId, ctx.CancellationToken);

    /// <summary>The last JSON log line of the server with this event.</summary>
    static JsonElement? LogEvent(IReadOnlyList<string> output, string name)
    {
        foreach (var line in output.Reverse())
        {
            if (!line.StartsWith('{') || !line.Contains($"\"{name}\"", StringComparison.Ordinal)) continue;
            try
            {
                using var doc = JsonDocument.Parse(line);
                if (doc.RootElement.TryGetProperty("event", out var e) && e.ValueEquals(name)) return doc.RootElement.Clone();
            }
            catch (JsonException)
            {
            }
        }
        return null;
    }
}
