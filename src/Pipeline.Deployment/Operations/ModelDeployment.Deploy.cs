using Pipeline.Deployment.Targets;
using Pipeline.Registry.Aliases;
using Pipeline.Registry.Events;
using Pipeline.Registry.Locks;
using Pipeline.Registry.State;

namespace Pipeline.Deployment.Operations;

public sealed partial class ModelDeployment
{
    /// <summary>Starts <see cref="DeployRequest.Version"/>: as stable behind a new gateway when nothing of the model runs, else as canary.</summary>
    public Task<DeploymentOutcome> DeployAsync(DeployRequest request, CancellationToken ct, DeploymentLease? lease = null) =>
        UnderLockAsync(request.Model, lease, l => DeployLockedAsync(request, l, ct), ct);

    private async Task<DeploymentOutcome> DeployLockedAsync(DeployRequest request, DeploymentLease lease, CancellationToken ct)
    {
        if (await registry.GetVersionAsync(request.Model, request.Version, ct) is null)
        {
            var known = (await registry.ListVersionsAsync(request.Model, ct)).Select(v => v.Version).ToList();
            return DeploymentOutcome.Failed($"{request.Model} {request.Version}: not a registered version (registered: {(known.Count == 0 ? "none" : string.Join(", ", known))}); " +
                "Train/Import registers versions, or pick one of those.");
        }
        var slots = await SlotsAsync(request.Model, ct);
        var live = slots.TryGetValue(GatewayRole, out var gateway) && slots.TryGetValue(StableRole, out var stable)
            && await TargetOf(gateway).IsRunningAsync(InstanceSlots.ToInstance(gateway), ct)
            && await TargetOf(stable).IsRunningAsync(InstanceSlots.ToInstance(stable), ct);
        if (!live)
        {
            foreach (var leftover in slots.Values) await StopAsync(leftover, ct);
            return await DeployFirstAsync(request, slots.Keys.ToList(), lease, ct);
        }
        return await DeployCanaryAsync(request, slots, lease, ct);
    }

    private async Task<DeploymentOutcome> DeployFirstAsync(DeployRequest request, List<string> staleSlots, DeploymentLease lease, CancellationToken ct)
    {
        settings.Log($"{request.Model}: nothing runs; starting {request.Version} as stable on the {Target.Kind} target");
        var server = await Target.StartServerAsync(Launch(request, StableRole), ct);
        if (server.Instance is not { } stableInstance) return await FailedStartAsync(request, server, lease, ct);
        settings.Log(server.Message);

        StartOutcome gatewayStart;
        try
        {
            gatewayStart = await Target.StartGatewayAsync(new GatewayLaunch
            {
                Model = request.Model, Stable = stableInstance, Port = settings.GatewayPort, AdminToken = Token(request.Model),
                Image = request.Image, ReadinessTimeout = settings.ReadinessTimeout,
                ScoreBuckets = request.ScoreBuckets, ShadowTolerance = request.ShadowTolerance,
            }, ct);
        }
        catch
        {
            await Target.StopAsync(stableInstance, CancellationToken.None);
            throw;
        }
        if (gatewayStart.Instance is not { } gatewayInstance)
        {
            await Target.StopAsync(stableInstance, ct);
            return await FailedStartAsync(request, gatewayStart, lease, ct);
        }
        settings.Log(gatewayStart.Message);

        await RecordOrStopAsync([stableInstance, gatewayInstance], new DeploymentChange
        {
            Model = request.Model, Action = "deploy", Actor = "", Reason = request.Reason, ToVersion = request.Version,
            AliasMoves = [new AliasMove(AliasNames.Production, request.Version), new AliasMove(AliasNames.Canary, null)],
            SlotRemovals = staleSlots,
            SlotUpdates = [InstanceSlots.ToSlot(stableInstance, StableRole, 100), InstanceSlots.ToSlot(gatewayInstance, GatewayRole, 0)],
        }, lease, ct);
        return DeploymentOutcome.Ok($"{request.Model} {request.Version} is stable at 100 % behind the gateway {gatewayInstance.Endpoint}" +
            $"{(gatewayInstance.GrpcEndpoint is { } grpc ? $" (gRPC {new Uri(grpc).Authority})" : "")} ({Target.Kind} target)");
    }

    private async Task<DeploymentOutcome> DeployCanaryAsync(DeployRequest request, Dictionary<string, DeploymentSlot> slots, DeploymentLease lease, CancellationToken ct)
    {
        var stable = slots[StableRole];
        var gateway = slots[GatewayRole];
        if (stable.Version == request.Version)
            return DeploymentOutcome.Ok($"{request.Model} {request.Version} is already stable; nothing to do.");
        var target = TargetOf(gateway);
        if (target.Kind != Target.Kind)
            settings.Log($"{request.Model} already runs on the {target.Kind} target; the canary joins it there so the gateway can reach it");

        var started = await target.StartServerAsync(Launch(request, CanaryRole), ct);
        if (started.Instance is not { } canary) return await FailedStartAsync(request, started, lease, ct);
        settings.Log(started.Message);

        using var admin = Admin(gateway);
        var current = await admin.GetRoutingAsync(ct);
        var next = current with
        {
            Canary = new Pipeline.Gateway.Routing.Upstream(canary.InternalEndpoint, request.Version, canary.InternalGrpcEndpoint),
            CanaryWeight = request.CanaryWeight,
            Strategy = request.Strategy ?? current.Strategy,
            StickyField = request.StickyField ?? current.StickyField,
            Reason = $"canary {request.Version} at {request.CanaryWeight} %",
        };
        var change = await admin.PutRoutingAsync(next, current.Generation, ct);
        if (!change.Applied)
        {
            await target.StopAsync(canary, ct);
            return DeploymentOutcome.Failed($"gateway refused the canary {request.Version}: {string.Join(" ", change.Errors)}; the canary was stopped.");
        }

        var replaced = slots.GetValueOrDefault(CanaryRole);
        if (replaced is not null && replaced.Version != request.Version) await StopAsync(replaced, ct);
        await RecordOrStopAsync([], new DeploymentChange
        {
            Model = request.Model, Action = DeploymentActions.CanaryStart, Actor = "", Reason = request.Reason,
            FromVersion = stable.Version, ToVersion = request.Version,
            EvidenceJson = System.Text.Json.JsonSerializer.Serialize(new { weight = request.CanaryWeight, strategy = next.Strategy.ToString(), generation = change.Table.Generation }),
            AliasMoves = [new AliasMove(AliasNames.Canary, request.Version)],
            SlotUpdates = [InstanceSlots.ToSlot(canary, CanaryRole, request.CanaryWeight), stable with { Weight = 100 - request.CanaryWeight }],
        }, lease, ct);
        return DeploymentOutcome.Ok($"{request.Model} {request.Version} runs as canary at {request.CanaryWeight} % beside stable {stable.Version}");
    }

    private async Task<DeploymentOutcome> FailedStartAsync(DeployRequest request, StartOutcome failure, DeploymentLease lease, CancellationToken ct)
    {
        // History only: no alias or slot moves, so the running deployment is exactly as before.
        await RecordAsync(new DeploymentChange
        {
            Model = request.Model, Action = "deploy-failed", Actor = "", Reason = failure.Message, ToVersion = request.Version,
            EvidenceJson = System.Text.Json.JsonSerializer.Serialize(new { logTail = failure.LogTail }),
        }, lease, ct);
        return DeploymentOutcome.Failed(failure.Message, failure.LogTail);
    }

    /// <summary>Records the change; if the registry refuses, the instances just started are stopped so nothing runs unrecorded.</summary>
    private async Task RecordOrStopAsync(IReadOnlyList<RunningInstance> started, DeploymentChange change, DeploymentLease lease, CancellationToken ct)
    {
        try
        {
            await RecordAsync(change, lease, ct);
        }
        catch
        {
            foreach (var instance in started) await Target.StopAsync(instance, CancellationToken.None);
            throw;
        }
    }

    private ServerLaunch Launch(DeployRequest request, string role) => new()
    {
        Model = request.Model, Version = request.Version, Role = role, ModelFile = request.ModelFile, ConfigFile = request.ConfigFile,
        Image = request.Image, ReadinessTimeout = settings.ReadinessTimeout, ScoreBuckets = request.ScoreBuckets,
    };
}
