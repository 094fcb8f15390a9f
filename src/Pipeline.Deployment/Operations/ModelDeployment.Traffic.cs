using Pipeline.Registry.Aliases;
using Pipeline.Registry.Events;
using Pipeline.Registry.Locks;

namespace Pipeline.Deployment.Operations;

public sealed partial class ModelDeployment
{
    /// <summary>Sets the canary's share of live traffic (a canary step).</summary>
    public Task<DeploymentOutcome> SetCanaryWeightAsync(string model, double weight, string reason, CancellationToken ct, DeploymentLease? lease = null) =>
        UnderLockAsync(model, lease, async l =>
        {
            var slots = await SlotsAsync(model, ct);
            if (!slots.TryGetValue(CanaryRole, out var canary) || !slots.TryGetValue(GatewayRole, out var gateway))
                return DeploymentOutcome.Failed($"{model}: no canary runs; start one with ./build.sh Deploy --model {model} --version <v>.");
            using var admin = Admin(gateway);
            var change = await admin.SetCanaryWeightAsync(weight, reason, ct);
            if (!change.Applied) return DeploymentOutcome.Failed($"gateway refused weight {weight} %: {string.Join(" ", change.Errors)}");
            var stable = slots[StableRole];
            await RecordAsync(new DeploymentChange
            {
                Model = model, Action = DeploymentActions.CanaryStep, Actor = "", Reason = reason,
                FromVersion = stable.Version, ToVersion = canary.Version,
                EvidenceJson = System.Text.Json.JsonSerializer.Serialize(new { weight, generation = change.Table.Generation }),
                SlotUpdates = [canary with { Weight = weight }, stable with { Weight = 100 - weight }],
            }, l, ct);
            return DeploymentOutcome.Ok($"{model}: canary {canary.Version} at {weight} %, stable {stable.Version} at {100 - weight} %");
        }, ct);

    /// <summary>Canary becomes stable at 100 %; the old stable keeps running as <c>previous</c> for an instant switch-back.</summary>
    /// <param name="bake">How long previous stays warm (blue-green bake window); null uses the deployment's default.</param>
    public Task<DeploymentOutcome> PromoteAsync(string model, string reason, CancellationToken ct, DeploymentLease? lease = null, TimeSpan? bake = null) =>
        UnderLockAsync(model, lease, async l =>
        {
            var slots = await SlotsAsync(model, ct);
            if (!slots.TryGetValue(CanaryRole, out var canary) || !slots.TryGetValue(GatewayRole, out var gateway))
                return DeploymentOutcome.Failed($"{model}: no canary to promote; start one with ./build.sh Deploy --model {model} --version <v>.");
            var stable = slots[StableRole];
            using var admin = Admin(gateway);
            var change = await admin.PromoteAsync(bake ?? settings.BakeTime, reason, ct);
            if (!change.Applied) return DeploymentOutcome.Failed($"gateway refused promote: {string.Join(" ", change.Errors)}");

            // The version before the old stable is no longer reachable through the gateway: stop it.
            if (slots.TryGetValue(PreviousRole, out var older) && older.Version != canary.Version) await StopAsync(older, ct);
            await RecordAsync(new DeploymentChange
            {
                Model = model, Action = DeploymentActions.Promote, Actor = "", Reason = reason,
                FromVersion = stable.Version, ToVersion = canary.Version,
                EvidenceJson = System.Text.Json.JsonSerializer.Serialize(new { generation = change.Table.Generation, bakeUntil = change.Table.BakeUntil }),
                AliasMoves =
                [
                    new AliasMove(AliasNames.Production, canary.Version), new AliasMove(AliasNames.Previous, stable.Version),
                    new AliasMove(AliasNames.Canary, null),
                ],
                SlotUpdates = [canary with { Variant = StableRole, Weight = 100 }, stable with { Variant = PreviousRole, Weight = 0 }],
                SlotRemovals = [CanaryRole],
            }, l, ct);
            return DeploymentOutcome.Ok($"{model}: {canary.Version} promoted to stable at 100 %; {stable.Version} kept warm as previous");
        }, ct);

    /// <summary>Traffic back to stable and the canary stopped; without a canary, back to <c>previous</c> and the current stable stopped.</summary>
    public Task<DeploymentOutcome> RollbackAsync(string model, string reason, CancellationToken ct, DeploymentLease? lease = null) =>
        UnderLockAsync(model, lease, async l =>
        {
            var slots = await SlotsAsync(model, ct);
            if (!slots.TryGetValue(GatewayRole, out var gateway) || !slots.TryGetValue(StableRole, out var stable))
                return DeploymentOutcome.Failed($"{model}: nothing is deployed; there is nothing to roll back.");
            var canary = slots.GetValueOrDefault(CanaryRole);
            var previous = slots.GetValueOrDefault(PreviousRole);
            if (canary is null && previous is null)
                return DeploymentOutcome.Failed($"{model}: no canary and no previous version of {stable.Version} runs; there is nothing to roll back to.");

            using var admin = Admin(gateway);
            var change = await admin.RollbackAsync(reason, ct);
            if (!change.Applied) return DeploymentOutcome.Failed($"gateway refused rollback: {string.Join(" ", change.Errors)}");

            if (canary is not null)
            {
                await StopAsync(canary, ct);
                await RecordAsync(new DeploymentChange
                {
                    Model = model, Action = DeploymentActions.Rollback, Actor = "", Reason = reason, FromVersion = canary.Version, ToVersion = stable.Version,
                    EvidenceJson = System.Text.Json.JsonSerializer.Serialize(new { generation = change.Table.Generation }),
                    AliasMoves = [new AliasMove(AliasNames.Canary, null)],
                    SlotUpdates = [stable with { Weight = 100 }],
                    SlotRemovals = [CanaryRole],
                }, l, ct);
                return DeploymentOutcome.Ok($"{model}: canary {canary.Version} stopped; stable {stable.Version} takes 100 %");
            }

            await StopAsync(stable, ct);
            await RecordAsync(new DeploymentChange
            {
                Model = model, Action = DeploymentActions.Rollback, Actor = "", Reason = reason, FromVersion = stable.Version, ToVersion = previous!.Version,
                EvidenceJson = System.Text.Json.JsonSerializer.Serialize(new { generation = change.Table.Generation }),
                AliasMoves = [new AliasMove(AliasNames.Production, previous.Version), new AliasMove(AliasNames.Previous, null)],
                SlotUpdates = [previous with { Variant = StableRole, Weight = 100 }],
                SlotRemovals = [PreviousRole],
            }, l, ct);
            return DeploymentOutcome.Ok($"{model}: switched back to {previous.Version}; {stable.Version} stopped");
        }, ct);

    /// <summary>Stops the gateway and every server of the model and clears its deployment slots (aliases other than canary stay).</summary>
    public Task<DeploymentOutcome> DownAsync(string model, string reason, CancellationToken ct, DeploymentLease? lease = null) =>
        UnderLockAsync(model, lease, async l =>
        {
            var slots = await SlotsAsync(model, ct);
            if (slots.Count == 0) return DeploymentOutcome.Ok($"{model}: nothing runs.");
            // Gateway first, so no request reaches a server that is being stopped.
            foreach (var slot in slots.Values.OrderBy(s => s.Variant == GatewayRole ? 0 : 1)) await StopAsync(slot, ct);
            foreach (var kind in slots.Values.Select(s => s.TargetKind).Distinct())
                if (targets.For(kind) is Targets.Docker.DockerTarget docker) await docker.RemoveNetworkAsync(model, ct);
            await RecordAsync(new DeploymentChange
            {
                Model = model, Action = DeploymentActions.Down, Actor = "", Reason = reason,
                FromVersion = slots.GetValueOrDefault(StableRole)?.Version,
                AliasMoves = slots.ContainsKey(CanaryRole) ? [new AliasMove(AliasNames.Canary, null)] : [],
                SlotRemovals = [.. slots.Keys],
            }, l, ct);
            return DeploymentOutcome.Ok($"{model}: stopped {string.Join(", ", slots.Values.Select(s => $"{s.Variant} {s.Version}".Trim()))}");
        }, ct);
}
