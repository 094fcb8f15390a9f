using Pipeline.Gateway.Routing;
using Pipeline.Registry.Events;
using Pipeline.Registry.Locks;

namespace Pipeline.Deployment.Operations;

public sealed partial class ModelDeployment
{
    /// <summary>Changes how the gateway splits traffic with the canary (weighted share or shadow mirror share), e.g. shadow → canary steps.</summary>
    public Task<DeploymentOutcome> SetRoutingAsync(
        string model, RoutingStrategy strategy, double weight, string reason, CancellationToken ct, DeploymentLease? lease = null) =>
        UnderLockAsync(model, lease, async l =>
        {
            var slots = await SlotsAsync(model, ct);
            if (!slots.TryGetValue(CanaryRole, out var canary) || !slots.TryGetValue(GatewayRole, out var gateway))
                return DeploymentOutcome.Failed($"{model}: no canary runs; start one with ./build.sh Deploy --model {model} --version <v>.");
            using var admin = Admin(gateway);
            var current = await admin.GetRoutingAsync(ct);
            var change = await admin.PutRoutingAsync(current with { Strategy = strategy, CanaryWeight = weight, Reason = reason }, current.Generation, ct);
            if (!change.Applied) return DeploymentOutcome.Failed($"gateway refused {strategy} at {weight} %: {string.Join(" ", change.Errors)}");
            // Shadow copies are not user traffic: the canary's slot serves 0 % while it is mirrored.
            var served = strategy == RoutingStrategy.Shadow ? 0 : weight;
            var stable = slots[StableRole];
            await RecordAsync(new DeploymentChange
            {
                Model = model, Action = DeploymentActions.CanaryStep, Actor = "", Reason = reason,
                FromVersion = stable.Version, ToVersion = canary.Version,
                EvidenceJson = System.Text.Json.JsonSerializer.Serialize(new { strategy = strategy.ToString(), weight, generation = change.Table.Generation }),
                SlotUpdates = [canary with { Weight = served }, stable with { Weight = 100 - served }],
            }, l, ct);
            return DeploymentOutcome.Ok($"{model}: canary {canary.Version} {(strategy == RoutingStrategy.Shadow ? $"in shadow on {weight} % of requests" : $"at {weight} %")}");
        }, ct);
}
