using System.Diagnostics;
using System.Globalization;
using System.Net;
using Google.Protobuf;
using Pipeline.Benchmarking.Load;
using Pipeline.Core.Features;
using Pipeline.Core.Layout;
using Pipeline.Core.Models;
using Pipeline.Deployment.Operations;
using Pipeline.Deployment.Release;
using Pipeline.Deployment.Targets;
using Pipeline.Deployment.Targets.Process;
using Pipeline.Deployment.Tests.Support;
using Pipeline.Registry;

// Scenario benchmark of DeployCanary on real processes (process target, gateway, SQLite registry), one run:
//  1. a canary failing 20 % of requests at 200 requests/s replay: time from fault onset (canary first takes traffic) to 100 % on stable;
//  2. client-visible failed requests while a healthy canary is promoted, and while one is rolled back (open-loop load through the gateway).
const string Model = "fraud-detector";
var repo = args.Length > 0 ? args[0] : FindRepo();
Environment.SetEnvironmentVariable("PIPELINE_SERVING_TEST_HOOKS", "1");
Environment.SetEnvironmentVariable("PIPELINE_SERVING_FAULTS", "v2-errors:error-rate=0.2,seed=3");
var root = Directory.CreateTempSubdirectory("pipeline-bench-canary-").FullName;
Directory.CreateDirectory(Path.Combine(root, ".nuke"));
await using var registry = await ModelRegistryFactory.OpenAsync(null, new RepositoryLayout(root));
var deploy = Path.Combine(root, ".artifacts", "deploy");
var deployment = new ModelDeployment(new DeploymentTargets(new ProcessTarget(DeploymentPrograms.FromBuildOutput(repo), deploy, TimeProvider.System)), registry,
    new DeploymentSettings { DeployDirectory = deploy, Actor = "bench", RunId = "bench", ReadinessTimeout = TimeSpan.FromSeconds(60), Log = _ => { } });
var config = FraudModels.WriteConfig(root);
var policy = new RolloutPolicy { Steps = [10, 50, 100], MinRequestsPerStep = 150, MaxStepSeconds = 15, ReplayRatePerSecond = 200 };
var rows = ReplayRows.Seeded(256);
var log = new List<string>();
var release = new CanaryRelease(deployment, registry, line => { lock (log) log.Add(line); }, TimeProvider.System);

async Task<ReleaseResult> Release(string version)
{
    var file = FraudModels.Write(root, version, intercept: -2.0);
    var digest = "sha256:" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file))).ToLowerInvariant();
    await registry.RegisterVersionAsync(new Pipeline.Registry.Versions.NewModelVersion { Model = Model, Version = version, ModelDigest = digest, Actor = "bench" });
    return await release.RunAsync(new ReleaseRequest
    {
        Model = Model, Version = version, ModelFile = file, ConfigFile = config, Policy = policy, ReplayRows = rows,
        ScrapeInterval = TimeSpan.FromMilliseconds(250), Actor = "bench", RunId = "bench-" + version,
    }, CancellationToken.None);
}

try
{
    Console.WriteLine((await Release("v1")).Message);
    var gateway = new Uri((await registry.ListSlotsAsync(Model)).Single(s => s.Variant == "gateway").Endpoint);

    // 1. Faulty canary: from setting the first step's weight (fault onset; after the plan's look at stable) to the rollback done.
    var faulty = await Release("v2-errors");
    var rollout = faulty.Rollout!;
    var sinceOnset = rollout.Duration - (rollout.Plan?.ObservedFor ?? TimeSpan.Zero);
    Console.WriteLine($"faulty canary: {faulty.Kind}; fault onset → 100 % on stable: {sinceOnset.TotalSeconds:0.0} s " +
                      $"(judge decided after {rollout.Final.StepElapsed.TotalSeconds:0.0} s at {rollout.Final.StepWeightPercent} %); {rollout.Final.Reason}");
    Console.WriteLine($"  replay during it: {faulty.Replay?.Requests} requests, {faulty.Replay?.Errors} HTTP errors (the canary's injected 500s), {faulty.Replay?.TransportErrors} transport errors");

    // 2. Switches under load, healthy canary at 50 %.
    foreach (var (name, version, act) in new (string, string, Func<Task<DeploymentOutcome>>)[]
             {
                 ("promote", "v3", () => deployment.PromoteAsync(Model, "bench promote", CancellationToken.None)),
                 ("rollback", "v4", () => deployment.RollbackAsync(Model, "bench rollback", CancellationToken.None)),
             })
    {
        var file = FraudModels.Write(root, version, intercept: -2.0);
        var digest = "sha256:" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file))).ToLowerInvariant();
        await registry.RegisterVersionAsync(new Pipeline.Registry.Versions.NewModelVersion { Model = Model, Version = version, ModelDigest = digest, Actor = "bench" });
        var up = await deployment.DeployAsync(new DeployRequest { Model = Model, Version = version, ModelFile = file, ConfigFile = config, CanaryWeight = 50 }, CancellationToken.None);
        if (!up.Succeeded) throw new InvalidOperationException(up.Message);
        var load = LoadAround(gateway, rows);
        await Task.Delay(1000);
        var sw = Stopwatch.StartNew();
        var outcome = await act();
        var switchMs = sw.Elapsed.TotalMilliseconds;
        var result = await load;
        Console.WriteLine($"{name} under 200/s: {outcome.Succeeded} in {switchMs:0} ms; clients: {result.Requests} requests, {result.Errors} HTTP errors, {result.TransportErrors} transport errors, p99 {result.Latency.PercentileMs(99):0.0} ms");
    }
}
finally
{
    await deployment.DownAsync(Model, "bench done", CancellationToken.None);
    lock (log) File.WriteAllLines(Path.Combine(Path.GetTempPath(), "bench-canary.log"), log);
}

static Task<LoadResult> LoadAround(Uri gateway, FeatureBatch rows)
{
    var requests = PredictBodies.FromBatch(rows, 1, 256).Select(b => HttpRequestTemplate.Post(gateway.Host, gateway.Port, $"/v1/models/{Model}:predict", b)).ToList();
    var generator = new LoadGenerator(new IPEndPoint(IPAddress.Loopback, gateway.Port), requests);
    return generator.RunOpenLoopAsync(new OpenLoopOptions { RatePerSecond = 200, Duration = TimeSpan.FromSeconds(6), Connections = 16 });
}

static string FindRepo()
{
    for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        if (File.Exists(Path.Combine(d.FullName, "global.json"))) return d.FullName;
    throw new InvalidOperationException("run from inside the repository (or pass its path)");
}
