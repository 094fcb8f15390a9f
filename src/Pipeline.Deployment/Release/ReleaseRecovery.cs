using Pipeline.Deployment.Operations;
using Pipeline.Registry;
using Pipeline.Registry.Locks;

namespace Pipeline.Deployment.Release;

/// <summary>Recognises a release interrupted by a kill before a manual Status or Rollback, as <see cref="CanaryRelease"/> does before a release.</summary>
/// <remarks>Takes the model's lock with BreakStale: a dead holder's lock is broken (the registry records "lock-broken") and its canary rolled
/// back; a live holder's lock means a release is running, which is left alone. Only a broken lock counts as an interrupted release, so a
/// canary started by hand with Deploy (whose lock is released when it returns) is not rolled back by Status.</remarks>
public sealed class ReleaseRecovery(ModelDeployment deployment, IModelRegistry registry, string runId, string actor, Action<string> log)
{
    /// <summary>Resolves an interrupted release of <paramref name="model"/> if there is one; changes nothing while a release runs.</summary>
    public async Task<RecoveryReport> ResolveAsync(string model, CancellationToken ct)
    {
        var (report, _) = await UnderLockAsync(model, (_, _) => Task.FromResult<DeploymentOutcome?>(null), ct);
        return report;
    }

    /// <summary>Rollback after recovery: a canary left by an interrupted release is rolled back (and that is the rollback); otherwise an
    /// ordinary <see cref="ModelDeployment.RollbackAsync"/> under the same lock. Refused, naming the holder, while a release runs.</summary>
    public async Task<(RecoveryReport Recovery, DeploymentOutcome Outcome)> RollbackAsync(string model, string reason, CancellationToken ct)
    {
        var (report, outcome) = await UnderLockAsync(model, async (found, lease) => found.Kind is RecoveryKind.CanaryRolledBack or RecoveryKind.BakeSwitchedBack
            ? null
            : await deployment.RollbackAsync(model, reason, ct, lease), ct);
        return report.Kind switch
        {
            RecoveryKind.ReleaseRunning => (report, DeploymentOutcome.Failed(
                $"Rollback of {model} refused: a release is running and holds the model's lock ({report.Holder!.Describe()}). " +
                $"It ends in a promote or a rollback by itself; wait for it, or stop that process (kill {report.Holder.Holder.ProcessId}) " +
                "and run ./build.sh Rollback again, which then rolls its canary back.")),
            RecoveryKind.CanaryRolledBack or RecoveryKind.BakeSwitchedBack => (report, DeploymentOutcome.Ok(report.Message)),
            _ => (report, outcome!),
        };
    }

    private async Task<(RecoveryReport, DeploymentOutcome?)> UnderLockAsync(
        string model, Func<RecoveryReport, DeploymentLease, Task<DeploymentOutcome?>> then, CancellationToken ct)
    {
        var attempt = await registry.TryAcquireLockAsync(new LockRequest
        {
            Model = model, Holder = LockHolder.Current(runId, actor), Lease = TimeSpan.FromMinutes(10), BreakStale = true,
        }, ct);
        if (!attempt.Acquired || attempt.Lease is null)
        {
            var running = new RecoveryReport
            {
                Kind = RecoveryKind.ReleaseRunning, Holder = attempt.Other,
                Message = attempt.Other is { } live
                    ? $"{model}: a release is running ({live.Describe()}); nothing was changed, what follows is read-only"
                    : $"{model}: the lock could not be taken ({attempt.Message}); nothing was changed",
            };
            log(running.Message);
            return (running, null);
        }
        try
        {
            var report = await RecoverAsync(model, attempt.Other, attempt.Lease, ct);
            log(report.Message);
            return (report, await then(report, attempt.Lease));
        }
        finally
        {
            await registry.ReleaseLockAsync(attempt.Lease, CancellationToken.None);
        }
    }

    private async Task<RecoveryReport> RecoverAsync(string model, LockStatus? broken, DeploymentLease lease, CancellationToken ct)
    {
        if (broken is null)
            return new RecoveryReport { Kind = RecoveryKind.NothingInterrupted, Message = $"{model}: no interrupted release (the lock was free)" };
        var who = $"{broken.Holder} ({broken.StaleReason})";
        var canary = (await registry.ListSlotsAsync(model, ct)).FirstOrDefault(s => s.Variant == ModelDeployment.CanaryRole);
        if (canary is null)
        {
            if (await InterruptedBake.SwitchBackAsync(deployment, registry, model, broken, lease, ct) is { } switchedBack) return switchedBack;
            return new RecoveryReport
            {
                Kind = RecoveryKind.StaleLockBroken, Holder = broken,
                Message = $"{model}: found the lock of an interrupted release {who} but no canary; broke the lock, production unchanged",
            };
        }
        var outcome = await deployment.RollbackAsync(model,
            $"recovery: canary {canary.Version} left by interrupted release {broken.Holder}", ct, lease);
        if (!outcome.Succeeded)
        {
            throw new InvalidOperationException(
                $"{model}: found canary {canary.Version} left by interrupted release {who} but could not roll it back: {outcome.Message}. " +
                "Run ./build.sh Status to see what runs, then ./build.sh Rollback again.");
        }
        return new RecoveryReport
        {
            Kind = RecoveryKind.CanaryRolledBack, Holder = broken,
            Message = $"{model}: found canary {canary.Version} left by interrupted release {who}; rolled it back ({outcome.Message})",
        };
    }
}
