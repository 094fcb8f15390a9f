namespace Pipeline.Deployment.Canary;

/// <summary>The moves a rollout makes on live traffic.</summary>
public interface IRolloutActuator
{
    Task SetCanaryWeightAsync(double percent, string reason, CancellationToken cancellationToken);

    /// <summary>Canary becomes stable at 100 %; the old stable is kept as previous.</summary>
    Task PromoteAsync(string reason, CancellationToken cancellationToken);

    /// <summary>Canary weight to 0 at once, then the canary is stopped.</summary>
    Task RollbackAsync(string reason, CancellationToken cancellationToken);
}
