using Pipeline.Gateway.Routing;

namespace Pipeline.Deployment.Canary;

/// <summary>The moves a rollout makes on live traffic.</summary>
public interface IRolloutActuator
{
    Task SetCanaryWeightAsync(double percent, string reason, CancellationToken cancellationToken);

    /// <summary>Switches how traffic reaches the canary: <see cref="RoutingStrategy.Shadow"/> mirrors <paramref name="percent"/> % of requests, weighted serves that share.</summary>
    Task SetRoutingAsync(RoutingStrategy strategy, double percent, string reason, CancellationToken cancellationToken);

    /// <summary>Canary becomes stable at 100 %; the old stable is kept as previous (warm for <paramref name="bake"/> when given).</summary>
    Task PromoteAsync(string reason, CancellationToken cancellationToken, TimeSpan? bake = null);

    /// <summary>Canary weight to 0 at once, then the canary is stopped; without a canary, switch back to previous.</summary>
    Task RollbackAsync(string reason, CancellationToken cancellationToken);
}
