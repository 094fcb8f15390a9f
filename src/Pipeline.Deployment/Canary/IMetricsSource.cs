namespace Pipeline.Deployment.Canary;

/// <summary>Where the controller reads metrics from: a <c>/metrics</c> endpoint in Prometheus text format.</summary>
public interface IMetricsSource
{
    Task<string> ScrapeAsync(CancellationToken cancellationToken);
}
