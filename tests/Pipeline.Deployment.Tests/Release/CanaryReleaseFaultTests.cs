using System.Text.Json;
using Pipeline.Deployment.Canary;
using Pipeline.Deployment.Release;
using Pipeline.Deployment.Tests.Support;

namespace Pipeline.Deployment.Tests.Release;

/// <summary>Real servers, gateway, SQLite registry and process target: a faulty canary is rolled back by the judge, a healthy one promoted.
/// One class so the scenarios run one after another (each starts three processes).</summary>
[Collection(ReleaseCollection.Name)]
public sealed class CanaryReleaseFaultTests
{
    [Theory]
    [InlineData("v2-errors", "error_rate")]
    [InlineData("v2-slow", "latency_p99")]
    [InlineData("v2-shifted", "score_psi")]
    public async Task Run_FaultyCanary_RolledBackWithEvidenceAndProductionOnStable(string version, string metric)
    {
        await using var s = await ReleaseScenario.StartAsync();

        var result = await s.RunAsync(version);

        Assert.True(result.Kind == ReleaseKind.RolledBack, $"{result.Kind}: {result.Message}\n{s.LogText}");
        var final = result.Rollout!.Final;
        Assert.Contains(final.Metrics, m => m.Metric.StartsWith(metric, StringComparison.Ordinal) && m.Status == Pipeline.Deployment.Judge.MetricStatus.Breached);
        await s.AssertProductionOnAsync("v1");
        var events = await s.Harness.Registry.ListEventsAsync(DeploymentHarness.Model, 20);
        var decision = events.First(e => e.Action == RegistryRolloutJournal.DecisionAction);
        using var evidence = JsonDocument.Parse(decision.EvidenceJson);
        Assert.Equal("rollback", evidence.RootElement.GetProperty("action").GetString());
        Assert.Contains(evidence.RootElement.GetProperty("metrics").EnumerateArray(), m => m.GetProperty("metric").GetString()!.StartsWith(metric, StringComparison.Ordinal));
        Assert.Equal("rollback", events[0].Action);
        Assert.Contains("judge: rollback", s.LogText);
    }

    [Fact]
    public async Task Run_HealthyCanary_StepsThroughAndPromotesKeepingPrevious()
    {
        await using var s = await ReleaseScenario.StartAsync();

        var result = await s.RunAsync("v2", intercept: -2.0);

        Assert.True(result.Kind == ReleaseKind.Promoted, $"{result.Kind}: {result.Message}\n{s.LogText}");
        Assert.Equal(["Advance", "Promote"], result.Rollout!.Steps.Select(d => d.Action.ToString()));
        await s.AssertProductionOnAsync("v2");
        Assert.Equal("v1", (await s.Harness.Registry.GetAliasAsync(DeploymentHarness.Model, Pipeline.Registry.Aliases.AliasNames.Previous))?.Version);
        var events = await s.Harness.Registry.ListEventsAsync(DeploymentHarness.Model, 20);
        var actions = events.Select(e => e.Action).ToList();
        Assert.Equal("promote", actions[0]);
        // Issue 24 item 10: the passed step is one decision event (with its evidence); the weight move after it is its own event.
        var passed = result.Rollout.Steps[0].Reason;
        Assert.Single(events, e => e.Reason == passed);
        Assert.Single(events, e => e.Action == Pipeline.Registry.Events.DeploymentActions.CanaryStep && e.Reason.StartsWith("canary step 2: ", StringComparison.Ordinal));
        Assert.Contains(RegistryRolloutJournal.DecisionAction, actions);
        Assert.Contains(Pipeline.Registry.Events.DeploymentActions.CanaryStep, actions);
        Assert.Equal(0, result.Replay!.Errors + result.Replay.TransportErrors);
    }

    [Fact]
    public async Task Run_CanaryKilledMidStep_RolledBackAndProductionOnStable()
    {
        await using var s = await ReleaseScenario.StartAsync();
        var file = FraudModels.Write(s.Harness.Root, "v2-killed", -2.0);
        await s.Harness.RegisterAsync("v2-killed", file);

        var release = s.Release.RunAsync(s.Request("v2-killed", file), CancellationToken.None);
        var deadline = DateTime.UtcNow.AddSeconds(40);
        Pipeline.Registry.State.DeploymentSlot? canary = null;
        while (DateTime.UtcNow < deadline && !release.IsCompleted)
        {
            canary = (await s.Harness.Registry.ListSlotsAsync(DeploymentHarness.Model)).FirstOrDefault(x => x.Variant == "canary" && x.Weight > 0);
            if (canary is not null) break;
            await Task.Delay(100);
        }
        Assert.True(canary is not null, "the canary never took traffic\n" + s.LogText);
        System.Diagnostics.Process.GetProcessById(WatchdogChild.Of(canary.ProcessId!.Value)).Kill();

        ReleaseResult? result = null;
        try { result = await release; }
        catch (InvalidOperationException e) { s.Log($"release aborted: {e.Message}"); /* a broken environment aborts the release after rolling back */ }

        Assert.True(result is null || result.Kind == ReleaseKind.RolledBack, $"{result?.Kind}: {result?.Message}\n{s.LogText}");
        await s.AssertProductionOnAsync("v1");
        Assert.Equal("rollback", (await s.Harness.Registry.ListEventsAsync(DeploymentHarness.Model, 5))[0].Action);
    }

    [Fact]
    public async Task Run_GatewayRestartedMidRollout_FaultyCanaryStillRolledBack()
    {
        await using var s = await ReleaseScenario.StartAsync();
        var file = FraudModels.Write(s.Harness.Root, "v2-gw", -2.0);
        await s.Harness.RegisterAsync("v2-gw", file);
        var release = s.Release.RunAsync(s.Request("v2-gw", file), CancellationToken.None);
        var deadline = DateTime.UtcNow.AddSeconds(40);
        while (DateTime.UtcNow < deadline && !release.IsCompleted
               && !(await s.Harness.Registry.ListSlotsAsync(DeploymentHarness.Model)).Any(x => x.Variant == "canary" && x.Weight > 0))
            await Task.Delay(100);
        Assert.False(release.IsCompleted, "the release ended before the gateway could be restarted\n" + s.LogText);

        // Restart the gateway as a supervisor would: same command line and environment, SIGKILL then start; it reloads its routing state file.
        var pid = (await s.Harness.Registry.ListSlotsAsync(DeploymentHarness.Model)).Single(x => x.Variant == "gateway").ProcessId!.Value;
        var argv = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
        var environ = File.ReadAllText($"/proc/{pid}/environ").Split('\0', StringSplitOptions.RemoveEmptyEntries);
        System.Diagnostics.Process.GetProcessById(pid).Kill();
        await Task.Delay(500);
        var start = new System.Diagnostics.ProcessStartInfo(argv[0]) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in argv.Skip(1)) start.ArgumentList.Add(a);
        start.Environment.Clear();
        foreach (var e in environ) { var i = e.IndexOf('='); if (i > 0) start.Environment[e[..i]] = e[(i + 1)..]; }
        using var restarted = System.Diagnostics.Process.Start(start)!;
        restarted.OutputDataReceived += (_, _) => { };
        restarted.ErrorDataReceived += (_, _) => { };
        restarted.BeginOutputReadLine();
        restarted.BeginErrorReadLine();
        try
        {
            ReleaseResult? result = null;
            try { result = await release; }
            catch (InvalidOperationException e) { s.Log($"release aborted: {e.Message}"); }

            Assert.True(result is null || result.Kind == ReleaseKind.RolledBack, $"{result?.Kind}: {result?.Message}\n{s.LogText}");
            await s.AssertProductionOnAsync("v1");
            Assert.Equal("rollback", (await s.Harness.Registry.ListEventsAsync(DeploymentHarness.Model, 5))[0].Action);
        }
        finally
        {
            // The registry still holds the first gateway's pid, so cleanup would not find this one.
            restarted.Kill();
            await restarted.WaitForExitAsync();
        }
    }
}
