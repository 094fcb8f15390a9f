using System.Diagnostics;
using Pipeline.Core.Errors;
using Pipeline.Serving.Hosting;
using Pipeline.Serving.Logging;
using Pipeline.Serving.Model;
using Pipeline.Serving.Streaming;

// Composition root of the model server: options → model → Kestrel; JSON log lines on stdout.
var time = TimeProvider.System;
var processStart = Stopwatch.GetTimestamp();
var environment = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
    .ToDictionary(e => (string)e.Key, e => (string?)e.Value, StringComparer.Ordinal);
await using var log = new JsonLog(Console.OpenStandardOutput(), time);

if (args.Contains("--healthcheck"))
{
    var (probe, _) = ServingOptionsParser.Parse([.. args.Where(a => a != "--healthcheck"), "--model", "-"], environment);
    return await Healthcheck.RunAsync(probe ?? new ServingOptions());
}

var (options, errors) = ServingOptionsParser.Parse(args, environment);
if (options is null)
{
    foreach (var e in errors) log.Error("invalid_option", w => w.WriteString("message", e));
    return 2;
}

IBatchScorer scorer;
ServedModel model;
TimeSpan loadTime;
try
{
    (scorer, model, loadTime) = ModelLoading.Load(options, time);
}
catch (Exception e) when (e is FileNotFoundException or ConfigException or ModelLoadException)
{
    log.Error("model_load_failed", w => w.WriteString("message", e.Message));
    return 3;
}

await using var predictionLog = Pipeline.Serving.Monitoring.PredictionLogSetup.Create(options, model, time, log);
await using var server = await ModelServer.StartAsync(options, model, scorer, log, time, loadTime, predictionLog: predictionLog);
QueueConsumer? consumer = null;
if (options.Consume is not null)
{
    try
    {
        consumer = await QueueConsumer.StartAsync(server, ConsumerSettings.From(options, model.Name), predictionLog, time);
    }
    catch (ConsumerStartException e)
    {
        log.Error("consumer_start_failed", w => w.WriteString("message", e.Message));
        await server.StopAsync();
        scorer.Dispose();
        return 4;
    }
}
log.Info("ready", w =>
{
    w.WriteNumber("port", server.Port);
    w.WriteString("host", options.Host);
    w.WriteString("model", model.Name);
    w.WriteString("version", model.Version);
    w.WriteString("variant", model.Variant);
    w.WriteNumber("model_load_ms", Math.Round(loadTime.TotalMilliseconds, 1));
    w.WriteNumber("startup_ms", Math.Round(Stopwatch.GetElapsedTime(processStart).TotalMilliseconds, 1));
    w.WriteNumber("warmup_requests", server.Warmup?.Succeeded ?? 0);
    w.WriteNumber("warmup_ms", Math.Round(server.Warmup?.Elapsed.TotalMilliseconds ?? 0, 1));
    server.Batching.WriteTo(w);
    w.WriteNumber("max_batch", options.MaxBatch);
    w.WriteNumber("max_delay_ms", options.MaxDelayMs);
    w.WriteNumber("max_queue", options.MaxQueue);
    if (consumer is not null) w.WriteString("consume", consumer.Settings.Where);
});
var exitCode = 0;
if (consumer is null) await server.WaitForShutdownAsync();
else
{
    // A consumer that lost its broker ends the process (non-zero): its supervisor restarts it, the broker redelivers what was not committed.
    await Task.WhenAny(server.WaitForShutdownAsync(), consumer.Completion);
    if (consumer.Completion is { IsFaulted: true } failed)
    {
        log.Error("consumer_failed", w => w.WriteString("message", failed.Exception!.GetBaseException().Message));
        exitCode = 5;
    }
    await consumer.DisposeAsync();
}
await server.StopAsync();
scorer.Dispose();
return exitCode;
