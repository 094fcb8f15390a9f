using System.Diagnostics;
using Pipeline.Deployment.Operations;
using Pipeline.Deployment.Release;
using Pipeline.Deployment.Tests.Support;
using Pipeline.Registry.Events;
using Pipeline.Registry.Locks;

namespace Pipeline.Deployment.Tests.Release;

/// <summary>What Status/Rollback's recovery leaves alone: a canary started by hand (no broken lock), and a dead holder that left no canary.</summary>
[Collection(ReleaseCollection.Name)]
public sealed class ReleaseRecoveryTests
{
    [Fact]
    public async Task ResolveAsync_CanaryDeployedByHandLockFree_LeftRunning()
    {
        await using var s = await ReleaseScenario.StartAsync();
        var file = FraudModels.Write(s.Harness.Root, "v2", -2.0);
        await s.Harness.RegisterAsync("v2", file);
        var deployed = await s.Harness.Deployment.DeployAsync(new DeployRequest
        {
            Model = DeploymentHarness.Model, Version = "v2", ModelFile = file, ConfigFile = s.Harness.ConfigFile, CanaryWeight = 10, Reason = "by hand",
        }, CancellationToken.None);
        Assert.True(deployed.Succeeded, deployed.Message);

        var report = await new ReleaseRecovery(s.Harness.Deployment, s.Harness.Registry, "status", "test", s.Log)
            .ResolveAsync(DeploymentHarness.Model, CancellationToken.None);

        Assert.Equal(RecoveryKind.NothingInterrupted, report.Kind);
        var canary = Assert.Single(await s.Harness.Registry.ListSlotsAsync(DeploymentHarness.Model), x => x.Variant == ModelDeployment.CanaryRole);
        Assert.Equal(10, canary.Weight);
    }

    [Fact]
    public async Task ResolveAsync_DeadHolderWithoutCanary_BreaksLockAndChangesNothingElse()
    {
        await using var s = await ReleaseScenario.StartAsync();
        using var victim = Process.Start(new ProcessStartInfo("sleep", "300") { UseShellExecute = false })!;
        var holder = new LockHolder { ProcessId = victim.Id, Host = Environment.MachineName, RunId = "killed-run", Actor = "test" };
        Assert.True((await s.Harness.Registry.TryAcquireLockAsync(new LockRequest { Model = DeploymentHarness.Model, Holder = holder })).Acquired);
        victim.Kill();
        await victim.WaitForExitAsync();

        var report = await new ReleaseRecovery(s.Harness.Deployment, s.Harness.Registry, "status", "test", s.Log)
            .ResolveAsync(DeploymentHarness.Model, CancellationToken.None);

        Assert.Equal(RecoveryKind.StaleLockBroken, report.Kind);
        Assert.Contains("run killed-run", report.Message);
        Assert.Contains("production unchanged", report.Message);
        Assert.Null(await s.Harness.Registry.GetLockAsync(DeploymentHarness.Model));
        await s.AssertProductionOnAsync("v1");
        var events = await s.Harness.Registry.ListEventsAsync(DeploymentHarness.Model, 10);
        Assert.Equal(DeploymentActions.LockBroken, events[0].Action);
        Assert.DoesNotContain(events, e => e.Action == DeploymentActions.Rollback);
    }
}
