using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Pipeline.Serving.Batching;
using Pipeline.Serving.Logging;
using Pipeline.Serving.Metrics;
using Pipeline.Serving.Model;
using Pipeline.Serving.Protocol;

namespace Pipeline.Serving.Hosting;

/// <summary>A running model server: Kestrel on the configured address, the scoring queue, metrics and readiness.
/// Stopping is graceful: readiness turns false, in-flight requests finish, the queue drains, then the process may exit.</summary>
public sealed class ModelServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly IScoringQueue _queue;
    private readonly JsonLog _log;
    private int _stopped;
    private Monitoring.FeedbackStore? _feedback;

    private ModelServer(WebApplication app, IScoringQueue queue, JsonLog log, ServingMetrics metrics, Readiness readiness, ServedModel model)
    {
        _app = app;
        _queue = queue;
        _log = log;
        Metrics = metrics;
        Readiness = readiness;
        Model = model;
    }

    public int Port { get; private set; }

    /// <summary>The gRPC port, or -1 when the server has no gRPC listener.</summary>
    public int GrpcPort { get; private set; } = -1;
    public ServingMetrics Metrics { get; }
    public Readiness Readiness { get; }
    public ServedModel Model { get; }
    public int QueueDepth => _queue.Depth;

    /// <summary>Where validated requests wait for the model; the queue consumer scores through it too.</summary>
    internal IScoringQueue Queue => _queue;

    /// <summary>The scoring call HTTP and gRPC share (queue full, model failure and non-finite answers handled alike).</summary>
    internal InferenceCall Call { get; private set; } = null!;

    /// <summary>Server options the consumer reads its limits from (rows and bytes per request).</summary>
    internal ServingOptions Options { get; private set; } = null!;

    internal JsonLog Log => _log;
    /// <summary>Whether requests are batched and why (forced by the option, or measured at start: <see cref="BatchingProbe"/>).</summary>
    public BatchingDecision Batching { get; private set; } = null!;

    /// <summary>What the self warm-up before readiness did (<see cref="HttpWarmup"/>).</summary>
    public HttpWarmup.Outcome? Warmup { get; private set; }

    /// <summary>Starts listening and marks the server ready; <paramref name="scorer"/> must already be loaded (and warmed up).</summary>
    public static async Task<ModelServer> StartAsync(ServingOptions options, ServedModel model, IBatchScorer scorer, JsonLog log, TimeProvider time,
        TimeSpan modelLoadTime, CancellationToken ct = default, Monitoring.PredictionLog? predictionLog = null)
    {
        // Before anything else runs: the probe times model calls.
        var batching = BatchingProbe.Decide(scorer, model, options, time);
        log.Info("batching_decided", batching.WriteTo);
        // Model calls block their pool thread for the length of a batch; keep enough threads for HTTP beside them from the start
        // instead of waiting for the pool's hill climbing to notice.
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, Environment.ProcessorCount + (batching.Enabled ? options.ModelInstances : 0) + 1), io);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = TimeSpan.FromSeconds(options.ShutdownTimeoutSeconds));
        var connections = new OpenConnections();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = null;      // enforced by RequestBody so the answer is a 400 with a message
            Listen(k, options.Host, options.Port, HttpProtocols.Http1, connections);
            // gRPC on its own port: HTTP/2 with prior knowledge (h2c), as gRPC clients speak it without TLS.
            if (options.GrpcPort >= 0) Listen(k, options.Host, options.GrpcPort, HttpProtocols.Http2, connections);
        });
        Grpc.InferenceService? grpc = null;
        if (options.GrpcPort >= 0)
        {
            builder.Services.AddGrpc(g =>
            {
                g.MaxReceiveMessageSize = options.MaxBodyBytes;
                g.EnableDetailedErrors = true;
            });
            builder.Services.AddSingleton(_ => grpc!);
        }
        builder.Services.AddSingleton(time);
        var app = builder.Build();

        var metrics = new ServingMetrics(model) { ModelLoadSeconds = modelLoadTime.TotalSeconds, Batching = batching };
        // Test-only faults (PIPELINE_SERVING_FAULTS with PIPELINE_SERVING_TEST_HOOKS=1) so canary rollbacks can be exercised end to end.
        var faults = Faults.FaultInjection.For(model.Version, Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value, StringComparer.Ordinal));
        if (faults is not null) scorer = faults.Wrap(scorer, unbounded: model.Task == Pipeline.Core.Models.ModelTask.Regression);
        IScoringQueue queue = batching.Enabled
            ? new DynamicBatcher(scorer, metrics, time, options.MaxBatch, TimeSpan.FromMilliseconds(options.MaxDelayMs), options.MaxQueue, options.ModelInstances,
                () => connections.Count)
            : new DirectScoring(scorer, metrics, options.MaxQueue);
        metrics.TrackQueueDepth(() => queue.Depth);
        var readiness = new Readiness();
        var server = new ModelServer(app, queue, log, metrics, readiness, model) { Batching = batching };

        app.Use(new RequestTelemetry(RequestIds.ForProcess(time), metrics, log, model, options.AccessLog, time, readiness).InvokeAsync);
        if (faults is not null) app.Use((ctx, next) => faults.InvokeAsync(ctx, next, readiness));
        var call = new InferenceCall(model, queue, log);
        server.Call = call;
        server.Options = options;
        var endpoints = new ModelEndpoints(model, options, queue, metrics, readiness, call) { PredictionLog = predictionLog };
        app.Use(endpoints.PredictFastPathAsync);
        app.UseRouting();
        endpoints.Map(app);
        server._feedback = Monitoring.FeedbackWiring.Map(app, model, predictionLog, options.MaxBodyBytes);
        if (options.GrpcPort >= 0)
        {
            grpc = new Grpc.InferenceService(model, options, queue, readiness, call);
            app.MapGrpcService<Grpc.InferenceService>().WithMetadata(new RouteLabel("grpc"));
        }

        var lifetime = app.Lifetime;
        lifetime.ApplicationStopping.Register(() =>
        {
            readiness.MarkNotReady();
            log.Info("stopping", w => { w.WriteNumber("in_queue", queue.Depth); w.WriteNumber("drain_seconds", options.DrainSeconds); });
            // Keep answering while routers notice the readiness change; Kestrel stops accepting after this returns.
            if (options.DrainSeconds > 0) Thread.Sleep(TimeSpan.FromSeconds(options.DrainSeconds));
        });

        await app.StartAsync(ct).ConfigureAwait(false);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Select(a => new Uri(a.Replace("*", "localhost", StringComparison.Ordinal).Replace("+", "localhost", StringComparison.Ordinal)).Port).Distinct().ToList();
        // Kestrel lists addresses in listen order: REST first, then gRPC.
        server.Port = addresses[0];
        if (options.GrpcPort >= 0) server.GrpcPort = options.GrpcPort > 0 ? options.GrpcPort : addresses[^1];
        if (options.WarmupRequests > 0)
        {
            var host = options.Host is "0.0.0.0" or "*" or "+" or "localhost" ? "127.0.0.1" : options.Host;
            var target = new UriBuilder("http", host, server.Port).Uri;      // brackets an IPv6 host itself
            server.Warmup = await HttpWarmup.RunAsync(target, model, options.WarmupRequests, TimeSpan.FromSeconds(options.WarmupBudgetSeconds), ct)
                .ConfigureAwait(false);
            // Requests abandoned at the end of the budget are still queued for (or in) the model: ready now, and the first users
            // would wait behind them or find the queue full. Wait until every warm-up request has been answered and counted.
            await DrainWarmupAsync(readiness, queue, log, time, ct).ConfigureAwait(false);
            // The warm-up's rows are not traffic: they must not show in request counts, score or feature series the judge reads.
            metrics.Reset();
            if (server.Warmup.FirstProblem is { } problem)
                log.Warn("warmup_incomplete", w =>
                {
                    w.WriteNumber("sent", server.Warmup.Sent);
                    w.WriteNumber("succeeded", server.Warmup.Succeeded);
                    w.WriteString("problem", problem);
                });
        }
        readiness.MarkReady();
        return server;
    }

    private static void Listen(KestrelServerOptions k, string host, int port, HttpProtocols protocols, OpenConnections connections)
    {
        void Configure(ListenOptions l)
        {
            l.Protocols = protocols;
            l.Use(connections.Track);
        }
        switch (host)
        {
            case "0.0.0.0" or "*" or "+": k.ListenAnyIP(port, Configure); break;
            case "localhost": k.ListenLocalhost(port, Configure); break;
            default: k.Listen(IPAddress.Parse(host), port, Configure); break;
        }
    }

    private static async Task DrainWarmupAsync(Readiness readiness, IScoringQueue queue, JsonLog log, TimeProvider time, CancellationToken ct)
    {
        if (readiness.WarmupInFlight == 0) return;
        var start = time.GetTimestamp();
        log.Info("warmup_draining", w => { w.WriteNumber("in_flight", readiness.WarmupInFlight); w.WriteNumber("in_queue", queue.Depth); });
        while (readiness.WarmupInFlight > 0) await Task.Delay(TimeSpan.FromMilliseconds(5), time, ct).ConfigureAwait(false);
        log.Info("warmup_drained", w => w.WriteNumber("drain_ms", Math.Round(time.GetElapsedTime(start).TotalMilliseconds, 1)));
    }

    /// <summary>Completes when the host begins stopping (SIGTERM, Ctrl+C or <see cref="StopAsync"/>).</summary>
    public Task WaitForShutdownAsync(CancellationToken ct = default) => _app.WaitForShutdownAsync(ct);

    /// <summary>Graceful stop: readiness false, in-flight requests finish (up to the shutdown timeout), queue drained.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1) return;
        await _app.StopAsync().ConfigureAwait(false);
        await _queue.DisposeAsync().ConfigureAwait(false);
        _feedback?.Dispose();
        _log.Info("stopped", w =>
        {
            w.WriteString("model", Model.Name);
            w.WriteString("version", Model.Version);
            w.WriteString("variant", Model.Variant);
        });
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
