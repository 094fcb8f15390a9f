using Pipeline.Deployment.GatewayControl;
using Pipeline.Deployment.Targets;
using Pipeline.Registry;
using Pipeline.Registry.Events;
using Pipeline.Registry.Locks;
using Pipeline.Registry.State;

namespace Pipeline.Deployment.Operations;

/// <summary>
/// The manual moves on a model's live deployment — deploy, weight, promote, rollback, down, status. Each takes the model's registry lock
/// (or runs under the caller's lease), changes the gateway through its admin API, and records one event with its alias and slot changes.
/// </summary>
public sealed partial class ModelDeployment(DeploymentTargets targets, IModelRegistry registry, DeploymentSettings settings)
{
    public const string StableRole = "stable";
    public const string CanaryRole = "canary";
    public const string PreviousRole = "previous";
    public const string GatewayRole = "gateway";

    private IDeploymentTarget Target => targets.Primary;

    private string Token(string model) => GatewayTokenStore.Resolve(settings.GatewayToken, settings.DeployDirectory, model);

    private GatewayAdminClient Admin(DeploymentSlot gateway) => new(gateway.Endpoint, Token(gateway.Model));

    private async Task<Dictionary<string, DeploymentSlot>> SlotsAsync(string model, CancellationToken ct) =>
        (await registry.ListSlotsAsync(model, ct)).ToDictionary(s => s.Variant, StringComparer.Ordinal);

    private IDeploymentTarget TargetOf(DeploymentSlot slot) =>
        targets.For(slot.TargetKind) ?? throw new InvalidOperationException(
            $"{slot.Model} {slot.Variant} runs on target \"{slot.TargetKind}\", which is not available now; pass --target {slot.TargetKind}.");

    private async Task StopAsync(DeploymentSlot slot, CancellationToken ct)
    {
        settings.Log($"stopping {slot.Model} {slot.Variant} {slot.Version} ({slot.TargetKind} {slot.ProcessId?.ToString() ?? slot.ContainerId?[..12]})");
        await TargetOf(slot).StopAsync(InstanceSlots.ToInstance(slot), ct);
    }

    private Task<DeploymentEvent> RecordAsync(DeploymentChange change, DeploymentLease lease, CancellationToken ct) =>
        registry.ApplyAsync(change with { Actor = settings.Actor, RunId = settings.RunId, Lease = lease }, ct);

    /// <summary>Runs <paramref name="operation"/> holding the model's lock; a lease from the caller (the canary controller) is used as is.</summary>
    private async Task<DeploymentOutcome> UnderLockAsync(string model, DeploymentLease? lease, Func<DeploymentLease, Task<DeploymentOutcome>> operation, CancellationToken ct)
    {
        if (lease is not null) return await operation(lease);
        var attempt = await registry.TryAcquireLockAsync(new LockRequest
        {
            Model = model,
            Holder = LockHolder.Current(settings.RunId, settings.Actor),
            Lease = TimeSpan.FromMinutes(10),
            BreakStale = true,
        }, ct);
        if (!attempt.Acquired || attempt.Lease is null) return DeploymentOutcome.Failed(attempt.Message);
        try
        {
            return await operation(attempt.Lease);
        }
        finally
        {
            await registry.ReleaseLockAsync(attempt.Lease, CancellationToken.None);
        }
    }
}
