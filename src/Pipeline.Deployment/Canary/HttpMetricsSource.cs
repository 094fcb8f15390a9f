namespace Pipeline.Deployment.Canary;

/// <summary>Scrapes a <c>/metrics</c> endpoint as Prometheus would; a failed scrape is retried until <paramref name="patience"/> runs out,
/// so a gateway restarting mid-rollout costs a few scrapes, not the rollout.</summary>
public sealed class HttpMetricsSource(HttpClient http, Uri metricsUrl, TimeSpan patience, TimeProvider time) : IMetricsSource
{
    public async Task<string> ScrapeAsync(CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + patience;
        while (true)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(5));
                return await http.GetStringAsync(metricsUrl, timeout.Token);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                if (time.GetUtcNow() >= deadline)
                    throw new InvalidOperationException($"cannot scrape {metricsUrl} for {patience.TotalSeconds:0} s ({e.Message}); is the gateway running? `./build.sh Status` shows it.", e);
                await Task.Delay(TimeSpan.FromMilliseconds(250), time, cancellationToken);
            }
        }
    }
}
