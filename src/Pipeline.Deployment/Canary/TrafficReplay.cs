using System.Net;
using Pipeline.Benchmarking.Load;
using Pipeline.Core.Features;

namespace Pipeline.Deployment.Canary;

/// <summary>Sends holdout rows through the gateway's V1 <c>:predict</c> at a fixed rate, open loop, until stopped: the traffic of a local or CI rollout.</summary>
public sealed class TrafficReplay : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task<LoadResult> _run;

    private TrafficReplay(Task<LoadResult> run, CancellationTokenSource stop)
    {
        _run = run;
        _stop = stop;
    }

    public static TrafficReplay Start(Uri gateway, string model, FeatureBatch rows, double ratePerSecond, TimeSpan maxDuration)
    {
        var host = gateway.Host == "localhost" ? IPAddress.Loopback : IPAddress.Parse(gateway.Host);
        var path = $"/v1/models/{model}:predict";
        var requests = PredictBodies.FromBatch(rows, rowsPerRequest: 1, maxBodies: 512)
            .Select(body => HttpRequestTemplate.Post(gateway.Host, gateway.Port, path, body))
            .ToList();
        var generator = new LoadGenerator(new IPEndPoint(host, gateway.Port), requests);
        var stop = new CancellationTokenSource();
        var options = new OpenLoopOptions { RatePerSecond = ratePerSecond, Duration = maxDuration, Connections = 16 };
        return new TrafficReplay(Task.Run(() => generator.RunOpenLoopAsync(options, stop.Token)), stop);
    }

    /// <summary>Stops sending and returns what was sent: requests, client-visible errors, latency.</summary>
    public async Task<LoadResult?> StopAsync()
    {
        await _stop.CancelAsync();
        try
        {
            return await _run;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }
}
