using Pipeline.Deployment.Canary;
using Pipeline.Deployment.GatewayControl;
using Pipeline.Deployment.Operations;
using Pipeline.Deployment.Release;
using Pipeline.Deployment.Tests.Support;
using Pipeline.Registry.Events;

namespace Pipeline.Deployment.Tests.Release;

/// <summary>A real release runs as its own OS process and is SIGKILLed at a point of the judge loop (servers it started keep running, as in a
/// crash); the next Status, Rollback or DeployCanary must leave exactly one version taking traffic and record the recovery.</summary>
[Collection(ReleaseCollection.Name)]
public sealed class KilledReleaseTests
{
    private static readonly TimeSpan ToKillPoint = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Status_ReleaseKilledAfterCanaryStartAtZero_LiveHolderReadOnlyThenCanaryRolledBack()
    {
        await using var s = await ReleaseScenario.StartAsync();
        await using var run = await ReleaseProcessRun.StartAsync(s, "v2", DeploymentActions.CanaryStart);
        await run.WaitPausedAsync(ToKillPoint);
        var canaryPid = await CanaryPidAsync(s);

        // The release is alive and holds the lock: Status changes nothing, Rollback refuses and names the holder and the fix.
        var recovery = Recovery(s);
        var live = await recovery.ResolveAsync(DeploymentHarness.Model, CancellationToken.None);
        Assert.Equal(RecoveryKind.ReleaseRunning, live.Kind);
        Assert.Contains($"pid {run.ProcessId}", live.Message);
        Assert.Contains("read-only", live.Message);
        var (_, refused) = await recovery.RollbackAsync(DeploymentHarness.Model, "test", CancellationToken.None);
        Assert.False(refused.Succeeded);
        Assert.Contains($"kill {run.ProcessId}", refused.Message);
        Assert.Contains("a release is running", refused.Message);
        Assert.Contains(await s.Harness.Registry.ListSlotsAsync(DeploymentHarness.Model), x => x.Variant == ModelDeployment.CanaryRole);

        await run.KillAsync();
        var found = await recovery.ResolveAsync(DeploymentHarness.Model, CancellationToken.None);

        Assert.True(found.Kind == RecoveryKind.CanaryRolledBack, found.Message);
        Assert.Contains("found canary v2 left by interrupted release run killed-v2", found.Message);
        Assert.Contains("rolled it back", found.Message);
        await AssertOnlyStableServesAsync(s, "v1", canaryPid, run);
        var again = await recovery.ResolveAsync(DeploymentHarness.Model, CancellationToken.None);
        Assert.Equal(RecoveryKind.NothingInterrupted, again.Kind);
    }

    [Fact]
    public async Task Rollback_ReleaseKilledMidFirstStep_RollsOnlyTheCanaryBack()
    {
        await using var s = await ReleaseScenario.StartAsync();
        await using var run = await ReleaseProcessRun.StartAsync(s, "v2", DeploymentActions.CanaryStep, "\"weight\":10,\"generation\"");
        await run.WaitPausedAsync(ToKillPoint);
        var canaryPid = await CanaryPidAsync(s);
        Assert.Equal(10, (await RoutingAsync(s)).EffectiveCanaryWeight);
        await Task.Delay(1000);     // mid-step: replay traffic reaches the canary at 10 %

        await run.KillAsync();
        var (recovery, outcome) = await Recovery(s).RollbackAsync(DeploymentHarness.Model, "test rollback", CancellationToken.None);

        Assert.Equal(RecoveryKind.CanaryRolledBack, recovery.Kind);
        Assert.True(outcome.Succeeded, outcome.Message);
        Assert.Contains("found canary v2", outcome.Message);
        await AssertOnlyStableServesAsync(s, "v1", canaryPid, run);
        var events = await s.Harness.Registry.ListEventsAsync(DeploymentHarness.Model, 30);
        Assert.Single(events, e => e.Action == DeploymentActions.Rollback);   // the canary's, not a second one to "previous"
    }

    [Fact]
    public async Task DeployCanary_ReleaseKilledAfterAdvanceToSecondStep_RecoversThenPromotesNext()
    {
        await using var s = await ReleaseScenario.StartAsync();
        await using var run = await ReleaseProcessRun.StartAsync(s, "v2", DeploymentActions.CanaryStep, "\"weight\":50,\"generation\"");
        await run.WaitPausedAsync(ToKillPoint);
        var canaryPid = await CanaryPidAsync(s);
        Assert.Equal(50, (await RoutingAsync(s)).EffectiveCanaryWeight);

        await run.KillAsync();
        var result = await s.RunAsync("v3");

        Assert.Contains("v2", Assert.Single(result.Recovered));
        Assert.True(result.Kind == ReleaseKind.Promoted, $"{result.Kind}: {result.Message}\n{s.LogText}");
        await AssertOnlyStableServesAsync(s, "v3", canaryPid, run);
    }

    [Theory]
    [InlineData("v2-errors", "rollback")]
    [InlineData("v2", "promote")]
    public async Task Status_ReleaseKilledJustAfterDecisionJournaled_StableOnly(string version, string decision)
    {
        await using var s = await ReleaseScenario.StartAsync();
        await using var run = await ReleaseProcessRun.StartAsync(s, version, RegistryRolloutJournal.DecisionAction, $"\"action\":\"{decision}\"");
        await run.WaitPausedAsync(ToKillPoint);
        var canaryPid = await CanaryPidAsync(s);

        await run.KillAsync();
        var found = await Recovery(s).ResolveAsync(DeploymentHarness.Model, CancellationToken.None);

        // The decision was journaled but not carried out: recovery does the safe thing, the canary goes and stable keeps production.
        Assert.True(found.Kind == RecoveryKind.CanaryRolledBack, found.Message + "\n" + run.Output);
        Assert.Contains($"found canary {version}", found.Message);
        await AssertOnlyStableServesAsync(s, "v1", canaryPid, run);
        var events = await s.Harness.Registry.ListEventsAsync(DeploymentHarness.Model, 30);
        Assert.Contains(events, e => e.Action == RegistryRolloutJournal.DecisionAction && e.EvidenceJson.Contains($"\"action\":\"{decision}\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Status_ReleaseKilledDuringBlueGreenBake_SwitchedBackToPrevious()
    {
        // Killed right after the 0 → 100 % switch, 30 s of bake ahead: the new version never proved itself under full traffic.
        await using var s = await ReleaseScenario.StartAsync();
        await using var run = await ReleaseProcessRun.StartAsync(s, "v2", DeploymentActions.Promote, "\"bakeUntil\":\"", strategy: "blue-green");
        await run.WaitPausedAsync(ToKillPoint);
        var slots = await s.Harness.Registry.ListSlotsAsync(DeploymentHarness.Model);
        var switchedPid = slots.Single(x => x.Variant == ModelDeployment.StableRole && x.Version == "v2").ProcessId!.Value;
        Assert.Contains(slots, x => x.Variant == ModelDeployment.PreviousRole && x.Version == "v1");

        await run.KillAsync();
        var found = await Recovery(s).ResolveAsync(DeploymentHarness.Model, CancellationToken.None);

        Assert.True(found.Kind == RecoveryKind.BakeSwitchedBack, found.Message + "\n" + run.Output);
        Assert.Contains("switched v1 → v2 and never concluded its bake", found.Message);
        await AssertOnlyStableServesAsync(s, "v1", switchedPid, run);
        Assert.DoesNotContain(await s.Harness.Registry.ListSlotsAsync(DeploymentHarness.Model), x => x.Variant == ModelDeployment.PreviousRole);
        Assert.Equal(RecoveryKind.NothingInterrupted, (await Recovery(s).ResolveAsync(DeploymentHarness.Model, CancellationToken.None)).Kind);
    }

    [Fact]
    public async Task DeployCanary_ReleaseKilledDuringBlueGreenBake_SwitchesBackThenReleasesNextAgainstPrevious()
    {
        await using var s = await ReleaseScenario.StartAsync();
        await using var run = await ReleaseProcessRun.StartAsync(s, "v2", DeploymentActions.Promote, "\"bakeUntil\":\"", strategy: "blue-green");
        await run.WaitPausedAsync(ToKillPoint);
        var switchedPid = (await s.Harness.Registry.ListSlotsAsync(DeploymentHarness.Model)).Single(x => x.Variant == ModelDeployment.StableRole).ProcessId!.Value;

        await run.KillAsync();
        var result = await s.RunAsync("v3");

        Assert.Contains("switched v1 → v2 and never concluded its bake", Assert.Single(result.Recovered));
        Assert.True(result.Kind == ReleaseKind.Promoted, $"{result.Kind}: {result.Message}\n{s.LogText}");
        await AssertOnlyStableServesAsync(s, "v3", switchedPid, run);
        var events = await s.Harness.Registry.ListEventsAsync(DeploymentHarness.Model, 60);
        Assert.Contains(events, e => e.Action == DeploymentActions.Promote && e.FromVersion == "v1" && e.ToVersion == "v3");
    }

    [Fact]
    public async Task Status_ReleaseKilledAfterItsBakePassed_KeepsTheNewVersion()
    {
        // The bake's pass was journaled: the new version is verified, and recovery only breaks the lock.
        await using var s = await ReleaseScenario.StartAsync();
        await using var run = await ReleaseProcessRun.StartAsync(s, "v2", RegistryRolloutJournal.DecisionAction, "\"action\":\"pass\",\"stage\":\"bake\"",
            strategy: "blue-green", bakeSeconds: 3);
        await run.WaitPausedAsync(ToKillPoint);

        await run.KillAsync();
        var found = await Recovery(s).ResolveAsync(DeploymentHarness.Model, CancellationToken.None);

        Assert.True(found.Kind == RecoveryKind.StaleLockBroken, found.Message + "\n" + run.Output);
        await s.AssertProductionOnAsync("v2");
        var events = await s.Harness.Registry.ListEventsAsync(DeploymentHarness.Model, 40);
        Assert.DoesNotContain(events, e => e.Action == DeploymentActions.Rollback);
    }

    private static ReleaseRecovery Recovery(ReleaseScenario s) =>
        new(s.Harness.Deployment, s.Harness.Registry, "test-status", "test", s.Log);

    private static async Task<int> CanaryPidAsync(ReleaseScenario s)
    {
        var canary = (await s.Harness.Registry.ListSlotsAsync(DeploymentHarness.Model)).Single(x => x.Variant == ModelDeployment.CanaryRole);
        return canary.ProcessId ?? throw new InvalidOperationException("canary slot without a process id");
    }

    private static async Task<Pipeline.Gateway.Routing.RoutingTable> RoutingAsync(ReleaseScenario s)
    {
        using var admin = new GatewayAdminClient(await s.Harness.GatewayEndpointAsync(),
            GatewayTokenStore.Resolve(null, s.Harness.DeployDirectory, DeploymentHarness.Model));
        return await admin.GetRoutingAsync(CancellationToken.None);
    }

    /// <summary>One version takes all traffic: alias, slots and answers on it; the gateway routes nothing to a canary; the killed
    /// release's canary process is gone; the registry records the broken lock and the recovery rollback.</summary>
    private static async Task AssertOnlyStableServesAsync(ReleaseScenario s, string version, int canaryPid, ReleaseProcessRun run)
    {
        await s.AssertProductionOnAsync(version);
        var table = await RoutingAsync(s);
        Assert.Equal(version, table.Stable.Version);
        Assert.Equal(0, table.EffectiveCanaryWeight);
        Assert.True(await ExitedAsync(canaryPid, TimeSpan.FromSeconds(15)), $"canary process {canaryPid} of the killed release still runs\n{run.Output}");
        var events = await s.Harness.Registry.ListEventsAsync(DeploymentHarness.Model, 40);
        Assert.Contains(events, e => e.Action == DeploymentActions.LockBroken && e.EvidenceJson.Contains($"\"pid\":{run.ProcessId},", StringComparison.Ordinal));
        Assert.Contains(events, e => e.Action == DeploymentActions.Rollback && e.Reason.StartsWith("recovery", StringComparison.Ordinal));
    }

    private static async Task<bool> ExitedAsync(int pid, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            // Gone, or a zombie waiting for a parent that never reaps it: either way it serves nothing.
            var stat = $"/proc/{pid}/stat";
            if (!File.Exists(stat)) return true;
            try
            {
                var text = File.ReadAllText(stat);
                if (text[(text.LastIndexOf(')') + 2)..].StartsWith('Z')) return true;
            }
            catch (IOException) { return true; }
            await Task.Delay(100);
        }
        return false;
    }
}
