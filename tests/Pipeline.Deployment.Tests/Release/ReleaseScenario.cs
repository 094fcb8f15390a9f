using Pipeline.Core.Features;
using Pipeline.Core.Models;
using Pipeline.Deployment.Release;
using Pipeline.Deployment.Targets.Process;
using Pipeline.Deployment.Tests.Support;
using Pipeline.Registry.Aliases;

namespace Pipeline.Deployment.Tests.Release;

/// <summary>A real release setup for scenario tests: process target, SQLite registry, v1 in production through a first release,
/// replay rows and a short test policy. Faults come from PIPELINE_SERVING_FAULTS keyed by version, set once for the process.</summary>
public sealed class ReleaseScenario : IAsyncDisposable
{
    /// <summary>Versions that start with a fault; the spec is per version, so stable and other tests' versions run clean.</summary>
    /// <remarks>v2-slow adds the 200 ms: the gateway's latency buckets (RolloutBuckets) step every 50–100 ms between 50 ms and
    /// 500 ms, so a loaded machine's stable p99 of 50–100 ms plus the 50 ms threshold and a +200 ms canary land in different buckets.</remarks>
    public const string Faults = "v2-errors:error-rate=0.2,seed=7;v2-slow:latency-ms=200;v2-shifted:score-shift=0.45;v2-gw:error-rate=0.2,seed=9";

    static ReleaseScenario()
    {
        Environment.SetEnvironmentVariable("PIPELINE_SERVING_TEST_HOOKS", "1");
        Environment.SetEnvironmentVariable("PIPELINE_SERVING_FAULTS", Faults);
    }

    private readonly List<string> _log = [];

    private ReleaseScenario(DeploymentHarness harness) => Harness = harness;

    public DeploymentHarness Harness { get; }
    public CanaryRelease Release => new(Harness.Deployment, Harness.Registry, Log, TimeProvider.System);
    public string LogText { get { lock (_log) return string.Join("\n", _log); } }

    // 12 s per step at most: at 10 % of 200 requests/s a step needs ~6 s for its 120 canary requests; 8 s was seen to end a healthy
    // step for "too little evidence" when the shared cores slowed the replay (stable p99 689 ms).
    public static RolloutPolicy Policy => new()
    {
        Steps = [10, 50, 100], MinRequestsPerStep = 120, MaxStepSeconds = 12, ReplayRatePerSecond = 200,
        MaxP99LatencyIncreaseMs = 50, MaxScorePsi = 0.2, MaxErrorRateIncrease = 0.01,
    };

    public static async Task<ReleaseScenario> StartAsync()
    {
        var h = await DeploymentHarness.CreateAsync(dir => new ProcessTarget(DeploymentPrograms.FromBuildOutput(RepoRoot.Path), dir, TimeProvider.System));
        var scenario = new ReleaseScenario(h);
        var first = await scenario.RunAsync("v1", intercept: -2.0);
        Assert.Equal(ReleaseKind.FirstRelease, first.Kind);
        return scenario;
    }

    public void Log(string line) { lock (_log) _log.Add(line); }

    /// <summary>Registers and releases <paramref name="version"/> (same weights as v1 unless the intercept differs) under the test policy.</summary>
    public async Task<ReleaseResult> RunAsync(string version, double intercept = -2.0, CancellationToken ct = default)
    {
        var file = FraudModels.Write(Harness.Root, version, intercept);
        await Harness.RegisterAsync(version, file);
        return await Release.RunAsync(Request(version, file), ct);
    }

    public ReleaseRequest Request(string version, string file) => new()
    {
        Model = DeploymentHarness.Model, Version = version, ModelFile = file, ConfigFile = Harness.ConfigFile, Policy = Policy,
        ReplayRows = ReplayRows.Seeded(256), ScrapeInterval = TimeSpan.FromMilliseconds(250), Actor = "test", RunId = "test-" + version,
    };

    /// <summary>Production is on <paramref name="version"/>, nothing else takes traffic, and every answer through the gateway comes from it.</summary>
    public async Task AssertProductionOnAsync(string version)
    {
        var h = Harness;
        Assert.Equal(version, (await h.Registry.GetAliasAsync(DeploymentHarness.Model, AliasNames.Production))?.Version);
        var slots = await h.Registry.ListSlotsAsync(DeploymentHarness.Model);
        Assert.DoesNotContain(slots, s => s.Variant == "canary");
        var gateway = await h.GatewayEndpointAsync();
        for (var i = 0; i < 10; i++) Assert.Equal(version, (await h.PredictAsync(gateway)).Version);
    }

    public async ValueTask DisposeAsync() => await Harness.DisposeAsync();
}
