using Pipeline.Deployment.Canary;
using Pipeline.Deployment.Operations;
using Pipeline.Registry;
using Pipeline.Registry.Events;
using Pipeline.Registry.Locks;

namespace Pipeline.Deployment.Release;

/// <summary>
/// A blue-green bake its release never concluded: the release switched production to the new version (a promote with a bake
/// window) and died before it journaled the bake's pass, or after journaling a switch-back it did not carry out. The new
/// version was never verified under full traffic, so recovery switches back to the previous version while it is still warm,
/// as it rolls back a canary left by a killed release.
/// </summary>
internal static class InterruptedBake
{
    private const int EventsRead = 200;

    /// <summary>The promote event of <paramref name="runId"/>'s unconcluded bake, or null when that run's last word was not such a switch.</summary>
    public static async Task<DeploymentEvent?> FindAsync(IModelRegistry registry, string model, string runId, CancellationToken ct)
    {
        foreach (var e in await registry.ListEventsAsync(model, EventsRead, ct))      // most recent first
        {
            if (e.RunId != runId) continue;
            if (e.Action == DeploymentActions.Rollback) return null;            // it switched back itself
            if (e.Action == RegistryRolloutJournal.DecisionAction && e.EvidenceJson.Contains("\"stage\":\"bake\"", StringComparison.Ordinal))
            {
                if (e.EvidenceJson.Contains("\"action\":\"rollback\"", StringComparison.Ordinal)) continue;     // journaled, not carried out
                return null;                                                     // the bake passed
            }
            if (e.Action == DeploymentActions.Promote)
                return e.EvidenceJson.Contains("\"bakeUntil\":\"", StringComparison.Ordinal) ? e : null;
        }
        return null;
    }

    /// <summary>Switches production back to <c>previous</c> when the dead holder's bake was never concluded; null when there was no such bake.</summary>
    public static async Task<RecoveryReport?> SwitchBackAsync(
        ModelDeployment deployment, IModelRegistry registry, string model, LockStatus broken, DeploymentLease lease, CancellationToken ct)
    {
        var promote = await FindAsync(registry, model, broken.Holder.RunId, ct);
        if (promote is null) return null;
        var who = $"{broken.Holder} ({broken.StaleReason})";
        var switched = $"{promote.FromVersion} → {promote.ToVersion}";
        var slots = await registry.ListSlotsAsync(model, ct);
        var stable = slots.FirstOrDefault(s => s.Variant == ModelDeployment.StableRole);
        var previous = slots.FirstOrDefault(s => s.Variant == ModelDeployment.PreviousRole);
        if (stable?.Version != promote.ToVersion || previous is null)
        {
            return new RecoveryReport
            {
                Kind = RecoveryKind.StaleLockBroken, Holder = broken,
                Message = $"{model}: interrupted release {who} switched {switched} and never concluded its bake, but production is now " +
                    $"{stable?.Version ?? "(none)"} with {(previous is null ? "no previous version running" : $"previous {previous.Version}")}; " +
                    "broke the lock and changed nothing else. Check `./build.sh Status`; `./build.sh Rollback` switches back by hand.",
            };
        }
        var outcome = await deployment.RollbackAsync(model,
            $"recovery: blue-green bake of {promote.ToVersion} by interrupted release {broken.Holder} never concluded; back to {previous.Version}", ct, lease);
        if (!outcome.Succeeded)
        {
            throw new InvalidOperationException(
                $"{model}: interrupted release {who} switched {switched} and never concluded its bake, but switching back to {previous.Version} " +
                $"failed: {outcome.Message}. Run ./build.sh Status to see what runs, then ./build.sh Rollback again.");
        }
        return new RecoveryReport
        {
            Kind = RecoveryKind.BakeSwitchedBack, Holder = broken,
            Message = $"{model}: interrupted release {who} switched {switched} and never concluded its bake; switched back ({outcome.Message})",
        };
    }
}
