using System.Net;
using Pipeline.Benchmarking.Latency;
using Pipeline.Benchmarking.Load;
using Pipeline.Core.Features;

namespace Pipeline.Deployment.Canary;

/// <summary>Sends holdout rows through the gateway's V1 <c>:predict</c> at a fixed rate, open loop, until stopped: the traffic of a local or CI rollout.</summary>
/// <remarks>Runs as back-to-back one-second open-loop windows: the load generator throws when cancelled mid-run, so stopping
/// between windows is what keeps the tally of what clients saw (requests, errors, latency).</remarks>
public sealed class TrafficReplay : IAsyncDisposable
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);
    private readonly CancellationTokenSource _stop;
    private readonly Task<LoadResult?> _run;

    private TrafficReplay(Task<LoadResult?> run, CancellationTokenSource stop)
    {
        _run = run;
        _stop = stop;
    }

    /// <remarks>The open-loop send schedule and the deadline are read from <paramref name="time"/>'s timestamps.</remarks>
    public static TrafficReplay Start(Uri gateway, string model, FeatureBatch rows, double ratePerSecond, TimeSpan maxDuration, TimeProvider time)
    {
        var host = gateway.Host == "localhost" ? IPAddress.Loopback : IPAddress.Parse(gateway.Host);
        var path = $"/v1/models/{model}:predict";
        var requests = PredictBodies.FromBatch(rows, rowsPerRequest: 1, maxBodies: 512)
            .Select(body => HttpRequestTemplate.Post(gateway.Host, gateway.Port, path, body))
            .ToList();
        var generator = new LoadGenerator(new IPEndPoint(host, gateway.Port), requests, time);
        var stop = new CancellationTokenSource();
        var options = new OpenLoopOptions { RatePerSecond = ratePerSecond, Duration = Window, Connections = 16 };
        return new TrafficReplay(Task.Run(() => RunAsync(generator, options, maxDuration, time, stop.Token)), stop);
    }

    private static async Task<LoadResult?> RunAsync(LoadGenerator generator, OpenLoopOptions options, TimeSpan maxDuration, TimeProvider time, CancellationToken stop)
    {
        var windows = new List<LoadResult>();
        var started = time.GetTimestamp();
        while (!stop.IsCancellationRequested && time.GetElapsedTime(started) < maxDuration)
            windows.Add(await generator.RunOpenLoopAsync(options, CancellationToken.None).ConfigureAwait(false));
        if (windows.Count == 0) return null;
        var latency = new LatencyHistogram();
        foreach (var w in windows) latency.Add(w.Latency);
        return new LoadResult
        {
            Mode = $"replay {windows[0].Mode} × {windows.Count}",
            Requests = windows.Sum(w => w.Requests),
            Errors = windows.Sum(w => w.Errors),
            TransportErrors = windows.Sum(w => w.TransportErrors),
            StatusCounts = windows.SelectMany(w => w.StatusCounts).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Sum(p => p.Value)),
            Elapsed = TimeSpan.FromTicks(windows.Sum(w => w.Elapsed.Ticks)),
            Latency = latency,
        };
    }

    /// <summary>Stops after the current one-second window and returns what was sent: requests, client-visible errors, latency.</summary>
    public async Task<LoadResult?> StopAsync()
    {
        await _stop.CancelAsync();
        return await _run;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }
}
