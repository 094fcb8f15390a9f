using Pipeline.Deployment.Canary;
using Pipeline.Gateway.Routing;
using Pipeline.Registry.Locks;

namespace Pipeline.Deployment.Operations;

/// <summary>The canary controller's traffic moves carried out by <see cref="ModelDeployment"/> under the controller's lease.</summary>
public sealed class DeploymentRolloutActuator(ModelDeployment deployment, string model, DeploymentLease? lease = null) : IRolloutActuator
{
    public async Task SetCanaryWeightAsync(double percent, string reason, CancellationToken cancellationToken) =>
        Ensure(await deployment.SetCanaryWeightAsync(model, percent, reason, cancellationToken, lease));

    public async Task SetRoutingAsync(RoutingStrategy strategy, double percent, string reason, CancellationToken cancellationToken) =>
        Ensure(await deployment.SetRoutingAsync(model, strategy, percent, reason, cancellationToken, lease));

    public async Task PromoteAsync(string reason, CancellationToken cancellationToken, TimeSpan? bake = null) =>
        Ensure(await deployment.PromoteAsync(model, reason, cancellationToken, lease, bake));

    public async Task RollbackAsync(string reason, CancellationToken cancellationToken) =>
        Ensure(await deployment.RollbackAsync(model, reason, cancellationToken, lease));

    // The controller cannot continue a rollout on a gateway that refused a move: that is a broken environment, not a verdict.
    private static void Ensure(DeploymentOutcome outcome)
    {
        if (!outcome.Succeeded) throw new InvalidOperationException(outcome.Message);
    }
}
