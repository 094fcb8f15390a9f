using Pipeline.Core.Layout;
using Pipeline.Core.Models;
using Pipeline.Deployment.Operations;
using Pipeline.Deployment.ReleaseProcess;
using Pipeline.Deployment.Release;
using Pipeline.Deployment.Targets.Process;
using Pipeline.Registry;
using Pipeline.Deployment.Tests.Support;

// Usage: --root <checkout> --repo <repository with built servers> --model <m> --version <v> --model-file <onnx> --config-file <yaml>
//        --run-id <id> [--pause-after <event action> [--pause-evidence <substring>]] [--strategy canary|blue-green [--bake-seconds 30]]
var options = new Dictionary<string, string>(StringComparer.Ordinal);
for (var i = 0; i + 1 < args.Length; i += 2) options[args[i].TrimStart('-')] = args[i + 1];
string Arg(string name) => options.TryGetValue(name, out var v) ? v : throw new ArgumentException($"--{name} is required");

void Log(string line) { lock (options) Console.WriteLine(line); }

var root = Arg("root");
IModelRegistry registry = await ModelRegistryFactory.OpenAsync(null, new RepositoryLayout(root));
if (options.TryGetValue("pause-after", out var action))
    registry = PausePoint.Wrap(registry, action, options.GetValueOrDefault("pause-evidence", ""), TimeSpan.FromSeconds(120));
var deployDirectory = Path.Combine(root, ".artifacts", "deploy");
var deployment = new ModelDeployment(
    new DeploymentTargets(new ProcessTarget(DeploymentPrograms.FromBuildOutput(Arg("repo")), deployDirectory, TimeProvider.System)), registry,
    new DeploymentSettings
    {
        DeployDirectory = deployDirectory, Actor = "release-process", RunId = Arg("run-id"), ReadinessTimeout = TimeSpan.FromSeconds(40), Log = Log,
    });

Log($"RELEASE START pid {Environment.ProcessId}");
var result = await new CanaryRelease(deployment, registry, Log, TimeProvider.System).RunAsync(new ReleaseRequest
{
    Model = Arg("model"), Version = Arg("version"), ModelFile = Arg("model-file"), ConfigFile = Arg("config-file"), Actor = "release-process",
    RunId = Arg("run-id"), ScrapeInterval = TimeSpan.FromMilliseconds(250), ReplayRows = ReplayRows.Seeded(256),
    Policy = new RolloutPolicy
    {
        Steps = [10, 50, 100], MinRequestsPerStep = 120, MaxStepSeconds = 12, ReplayRatePerSecond = 200,
        // The kill tests are about recovery, not the latency judge (ReleaseScenario's tests judge latency with 50 ms): this
        // process starts cold beside the servers it starts, and with 50 ms a healthy candidate still re-compiling its request
        // path (tiered JIT, seconds on two busy cores) was once rolled back in shadow before the kill point.
        MaxP99LatencyIncreaseMs = 500, MaxScorePsi = 0.2, MaxErrorRateIncrease = 0.01,
        Strategy = options.GetValueOrDefault("strategy", "canary"), ShadowPercent = 100,
        BakeSeconds = double.Parse(options.GetValueOrDefault("bake-seconds", "30"), System.Globalization.CultureInfo.InvariantCulture),
    },
}, CancellationToken.None);
Log($"RELEASE END {result.Kind}: {result.Message}");
await registry.DisposeAsync();
return result.Succeeded ? 0 : 1;
