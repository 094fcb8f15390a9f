using System.Text.Json;
using Pipeline.Deployment.Canary;
using Pipeline.Deployment.Judge;
using Pipeline.Deployment.Release;
using Pipeline.Deployment.Tests.Support;
using Pipeline.Registry.Aliases;
using Pipeline.Registry.Events;

namespace Pipeline.Deployment.Tests.Release;

/// <summary>shadow-then-canary and blue-green on real servers, gateway and SQLite registry: each strategy's pass and fail paths.</summary>
[Collection(ReleaseCollection.Name)]
public sealed class StrategyReleaseTests
{
    // These tests are about the strategies' stages, not latency: a 500 ms latency margin keeps a freshly started candidate's first
    // slow second on a busy machine (a CI run saw p99 134 ms against stable's 10 ms in shadow) from rolling back a healthy release.
    private static readonly Core.Models.RolloutPolicy Shadow = ReleaseScenario.Policy with { Strategy = "shadow-then-canary", ShadowPercent = 100, MaxP99LatencyIncreaseMs = 500 };
    private static readonly Core.Models.RolloutPolicy BlueGreen = ReleaseScenario.Policy with { Strategy = "blue-green", ShadowPercent = 100, BakeSeconds = 4, MaxP99LatencyIncreaseMs = 500 };

    [Fact]
    public async Task Run_ShadowThenCanaryHealthy_PassesShadowThenStepsAndPromotes()
    {
        await using var s = await ReleaseScenario.StartAsync();

        var result = await RunAsync(s, "v2", Shadow);

        Assert.True(result.Kind == ReleaseKind.Promoted, $"{result.Kind}: {result.Message}\n{s.LogText}");
        Assert.Equal(["Pass", "Advance", "Promote"], result.Rollout!.Steps.Select(d => d.Action.ToString()));
        var shadow = result.Rollout.Steps[0];
        Assert.Contains(shadow.Metrics, m => m.Metric == "shadow_disagreement" && m.Status == MetricStatus.Healthy && m.CanarySamples > 0);
        await s.AssertProductionOnAsync("v2");
        var decisions = await DecisionsAsync(s);
        Assert.Contains("pass", decisions);
        Assert.Contains("judge: pass — shadow (100 % mirrored) passed", s.LogText);
        // Replay rows without labels (as with --traffic none): quality is reported, not silently skipped.
        Assert.Contains(result.Rollout.Final.Metrics, m => m.Metric == CanaryJudge.QualityMetric && m.Status == MetricStatus.NotJudged && m.Threshold.Contains("no labels"));
        Assert.Contains("no labels: online quality not judged", s.LogText);
        Assert.Equal(0, result.Replay!.Errors + result.Replay.TransportErrors);
    }

    [Fact]
    public async Task Run_ShadowThenCanaryScoresDisagree_RolledBackInShadowWithoutServingUsers()
    {
        await using var s = await ReleaseScenario.StartAsync();
        var gateway = await s.Harness.GatewayEndpointAsync();
        var release = RunAsync(s, "v2-shifted", Shadow);
        var answeredBy = new HashSet<string>();
        while (!release.IsCompleted && answeredBy.Count < 1000) answeredBy.Add((await s.Harness.PredictAsync(gateway)).Version);

        var result = await release;

        Assert.True(result.Kind == ReleaseKind.RolledBack, $"{result.Kind}: {result.Message}\n{s.LogText}");
        var final = Assert.Single(result.Rollout!.Steps);
        Assert.Contains(final.Metrics, m => m.Metric == "shadow_disagreement" && m.Status == MetricStatus.Breached);
        Assert.Contains("in shadow", final.Reason);
        Assert.Equal(["v1"], answeredBy);
        await s.AssertProductionOnAsync("v1");
        Assert.Equal("rollback", (await s.Harness.Registry.ListEventsAsync(DeploymentHarness.Model, 5))[0].Action);
    }

    [Fact]
    public async Task Run_BlueGreenHealthy_VerifiesSwitchesAtOnceBakesAndKeepsPrevious()
    {
        await using var s = await ReleaseScenario.StartAsync();

        var result = await RunAsync(s, "v2", BlueGreen);

        Assert.True(result.Kind == ReleaseKind.Promoted, $"{result.Kind}: {result.Message}\n{s.LogText}");
        Assert.Equal(["Pass", "Pass"], result.Rollout!.Steps.Select(d => d.Action.ToString()));
        Assert.Equal([JudgeStage.Shadow, JudgeStage.Bake], result.Rollout.Steps.Select(d => d.Stage));
        Assert.Contains("bake window", result.Rollout.Final.Reason);
        Assert.True(result.Rollout.Final.StepElapsed >= TimeSpan.FromSeconds(4), result.Rollout.Final.Reason);
        await s.AssertProductionOnAsync("v2");
        Assert.Equal("v1", (await s.Harness.Registry.GetAliasAsync(DeploymentHarness.Model, AliasNames.Previous))?.Version);
        // The candidate never served a partial share: every traffic move before the switch was a shadow move at 0 % served.
        foreach (var step in (await s.Harness.Registry.ListEventsAsync(DeploymentHarness.Model, 30)).Where(e => e.Action == DeploymentActions.CanaryStep))
            Assert.Contains("Shadow", step.EvidenceJson);
        Assert.Equal(0, result.Replay!.Errors + result.Replay.TransportErrors);
    }

    [Fact]
    public async Task Run_BlueGreenCandidateFailsVerification_NeverSwitched()
    {
        await using var s = await ReleaseScenario.StartAsync();

        var result = await RunAsync(s, "v2-errors", BlueGreen);

        Assert.True(result.Kind == ReleaseKind.RolledBack, $"{result.Kind}: {result.Message}\n{s.LogText}");
        var final = Assert.Single(result.Rollout!.Steps);
        // Its failed answers count both as errors and as disagreements with stable: whichever test decides first breaches.
        Assert.Contains(final.Metrics, m => m.Metric is "error_rate" or "shadow_disagreement" && m.Status == MetricStatus.Breached);
        Assert.DoesNotContain(final.Metrics, m => m.Metric is not ("error_rate" or "shadow_disagreement") && m.Status == MetricStatus.Breached);
        await s.AssertProductionOnAsync("v1");
        Assert.DoesNotContain("promote", (await s.Harness.Registry.ListEventsAsync(DeploymentHarness.Model, 30)).Select(e => e.Action));
    }

    [Fact]
    public async Task Run_BlueGreenNewStableKilledInBake_SwitchedBackToPrevious()
    {
        await using var s = await ReleaseScenario.StartAsync();
        var file = FraudModels.Write(s.Harness.Root, "v2-bake", -2.0);
        await s.Harness.RegisterAsync("v2-bake", file);
        var release = s.Release.RunAsync(s.Request("v2-bake", file) with { Policy = BlueGreen with { BakeSeconds = 20 } }, CancellationToken.None);

        var deadline = DateTime.UtcNow.AddSeconds(40);
        Pipeline.Registry.State.DeploymentSlot? switched = null;
        while (DateTime.UtcNow < deadline && !release.IsCompleted && switched is null)
        {
            switched = (await s.Harness.Registry.ListSlotsAsync(DeploymentHarness.Model)).FirstOrDefault(x => x.Variant == "stable" && x.Version == "v2-bake");
            await Task.Delay(100);
        }
        Assert.True(switched is not null, "the candidate was never switched to stable\n" + s.LogText);
        System.Diagnostics.Process.GetProcessById(WatchdogChild.Of(switched.ProcessId!.Value)).Kill();

        var result = await release;

        Assert.True(result.Kind == ReleaseKind.RolledBack, $"{result.Kind}: {result.Message}\n{s.LogText}");
        Assert.Contains("in the bake window", result.Rollout!.Final.Reason);
        Assert.Contains(result.Rollout.Final.Metrics, m => m.Metric == "error_rate" && m.Status == MetricStatus.Breached);
        await s.AssertProductionOnAsync("v1");
        Assert.Null((await s.Harness.Registry.GetAliasAsync(DeploymentHarness.Model, AliasNames.Previous))?.Version);
    }

    private static async Task<ReleaseResult> RunAsync(ReleaseScenario s, string version, Core.Models.RolloutPolicy policy)
    {
        var file = FraudModels.Write(s.Harness.Root, version, -2.0);
        await s.Harness.RegisterAsync(version, file);
        return await s.Release.RunAsync(s.Request(version, file) with { Policy = policy }, CancellationToken.None);
    }

    private static async Task<List<string>> DecisionsAsync(ReleaseScenario s)
    {
        var events = await s.Harness.Registry.ListEventsAsync(DeploymentHarness.Model, 30);
        return events.Where(e => e.Action == RegistryRolloutJournal.DecisionAction)
            .Select(e => JsonDocument.Parse(e.EvidenceJson).RootElement.GetProperty("action").GetString()!).ToList();
    }
}
