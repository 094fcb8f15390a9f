using System.Diagnostics;
using Pipeline.Deployment.Operations;
using Pipeline.Deployment.Release;
using Pipeline.Deployment.Tests.Support;
using Pipeline.Registry.Locks;

namespace Pipeline.Deployment.Tests.Release;

/// <summary>A release whose process is SIGKILLed mid-rollout: the registry says a canary is live and the lock's holder is dead.
/// The next release must recognise it, roll the orphaned canary back (weight 0, stopped, event) and then release normally.</summary>
[Collection(ReleaseCollection.Name)]
public sealed class CanaryReleaseRecoveryTests
{
    [Theory]
    [InlineData(0.0)]   // killed after the canary started, before the first step
    [InlineData(10.0)]  // killed mid-step with the canary taking traffic
    public async Task Run_PreviousReleaseSigkilledWithCanaryLive_RollsOrphanBackThenReleases(double weightWhenKilled)
    {
        await using var s = await ReleaseScenario.StartAsync();
        var h = s.Harness;
        var orphanFile = FraudModels.Write(h.Root, "v2-orphan", -2.0);
        await h.RegisterAsync("v2-orphan", orphanFile);

        // The "pipeline" that gets killed: a real child process holds the lock, as a DeployCanary run would.
        using var victim = Process.Start(new ProcessStartInfo("sleep", "300") { UseShellExecute = false })!;
        var holder = new LockHolder { ProcessId = victim.Id, Host = Environment.MachineName, RunId = "killed-run", Actor = "test" };
        var attempt = await h.Registry.TryAcquireLockAsync(new LockRequest { Model = DeploymentHarness.Model, Holder = holder, Lease = TimeSpan.FromMinutes(10) });
        Assert.True(attempt.Acquired, attempt.Message);
        var deployed = await h.Deployment.DeployAsync(new DeployRequest
        {
            Model = DeploymentHarness.Model, Version = "v2-orphan", ModelFile = orphanFile, ConfigFile = h.ConfigFile, CanaryWeight = weightWhenKilled,
            Reason = "canary of the run that is about to be killed",
        }, CancellationToken.None, attempt.Lease);
        Assert.True(deployed.Succeeded, deployed.Message);
        victim.Kill();                     // SIGKILL: no cleanup, the lease is still valid for 10 minutes
        await victim.WaitForExitAsync();

        var result = await s.RunAsync("v3", intercept: -2.0);

        Assert.Single(result.Recovered);
        Assert.Contains("v2-orphan", result.Recovered[0]);
        Assert.True(result.Kind == ReleaseKind.Promoted, $"{result.Kind}: {result.Message}\n{s.LogText}");
        await s.AssertProductionOnAsync("v3");
        var events = await h.Registry.ListEventsAsync(DeploymentHarness.Model, 30);
        Assert.Contains(events, e => e.Action == "rollback" && e.Reason.Contains("recovery", StringComparison.Ordinal));
        Assert.Contains(events, e => e.Action == Pipeline.Registry.Events.DeploymentActions.LockBroken);
    }
}
