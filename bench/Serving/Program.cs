using System.Globalization;
using System.Net;
using Google.Protobuf;
using Pipeline.Bench.Serving;
using Pipeline.Benchmarking.Load;
using Pipeline.Benchmarking.Servers;
using Pipeline.Serving.Tests.Support;

// Serving benchmark: the model server against a bare Kestrel endpoint (the HTTP ceiling), batching on against off.
// All ratios come from one run, alternating the servers within each round so machine noise hits all of them alike.
if (args.Length > 0 && args[0] == "--components") return Components.Run();
if (args.Length > 0 && args[0] == "--protocols") return await Protocols.RunAsync(args);
if (args.Length > 0 && args[0] == "--baselines") return await Baselines.RunAsync(args);
if (args.Length > 4 && args[0] == "--idiomatic") return await IdiomaticServer.RunAsync(args[1], args[2], args[3], args[4].Split(','));
if (args.Length > 4 && args[0] == "--optimised") return await OptimisedServer.RunAsync(args[1], args[2], args[3], args[4].Split(','));
if (args.Length > 0 && args[0] == "--bare") return await BareEndpoint.RunAsync(int.Parse(args[1], CultureInfo.InvariantCulture));

var seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 3;
var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
// Optional: batcher settings of the batching-on servers (defaults are the server's own: max delay 2 ms, one model instance).
string Option(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
var maxDelayMs = Option("--max-delay-ms", "2");
var instances = Option("--model-instances", "1");
var intraOp = Option("--intra-op-threads", "1");
// Runtime settings for every process, bare endpoint included, so a tuning is compared on equal terms (--env KEY=VALUE, repeatable).
var environment = args.Select((a, i) => (a, i)).Where(x => x.a == "--env" && x.i + 1 < args.Length).Select(x => args[x.i + 1].Split('=', 2))
    .ToDictionary(kv => kv[0], kv => kv.Length > 1 ? kv[1] : "", StringComparer.Ordinal);
var warmupSeconds = double.Parse(Option("--warmup-seconds", "4"), CultureInfo.InvariantCulture);
var folder = Directory.CreateTempSubdirectory("pipeline-bench-serving-").FullName;
var modelFile = Path.Combine(folder, "model.onnx");
File.WriteAllBytes(modelFile, TestModels.Build().ToByteArray());
var configFile = TestModels.WriteConfig(folder);
var wideFile = Path.Combine(folder, "wide.onnx");
File.WriteAllBytes(wideFile, MlpModel.Build(hidden: WideHidden).ToByteArray());
var deepFile = Path.Combine(folder, "deep.onnx");
File.WriteAllBytes(deepFile, MlpModel.Build(hidden: DeepHidden, depth: DeepLayers).ToByteArray());
var serving = Path.Combine(AppContext.BaseDirectory, "Pipeline.Serving.dll");
var self = Path.Combine(AppContext.BaseDirectory, "Pipeline.Bench.Serving.dll");
var bodies = PredictBodies.FromBatch(TestModels.Rows(256, seed: 21), rowsPerRequest: 1);

ServerLaunch Server(string label, string batching, string? model = null) => ServerLaunch.ForPipelineServing(label, serving, model ?? modelFile, configFile,
    "fraud-detector", "1", label, ["--batching", batching, "--max-batch", "64", "--max-delay-ms", maxDelayMs, "--model-instances", instances, "--intra-op-threads", intraOp, "--max-queue", "4096"], environment);

await using var on = await ServerProcess.StartAsync(Server("batching-on", "on"), TimeSpan.FromSeconds(60));
await using var off = await ServerProcess.StartAsync(Server("batching-off", "off"), TimeSpan.FromSeconds(60));
await using var wideOn = await ServerProcess.StartAsync(Server("wide-batching-on", "on", wideFile), TimeSpan.FromSeconds(60));
await using var wideOff = await ServerProcess.StartAsync(Server("wide-batching-off", "off", wideFile), TimeSpan.FromSeconds(60));
await using var deepOn = await ServerProcess.StartAsync(Server("deep-batching-on", "on", deepFile), TimeSpan.FromSeconds(60));
await using var deepOff = await ServerProcess.StartAsync(Server("deep-batching-off", "off", deepFile), TimeSpan.FromSeconds(60));

// Optional A/B of two builds of the server (--baseline-serving path/to/other/Pipeline.Serving.dll): "base-on" runs the other
// build with the same model and settings as "on", alternated with it step by step (--steps on:32,base-on:32,…).
var baselineDll = Option("--baseline-serving", "");
await using var baseOn = baselineDll.Length == 0 ? null : await ServerProcess.StartAsync(ServerLaunch.ForPipelineServing("base-on", baselineDll, modelFile, configFile,
    "fraud-detector", "1", "base-on", ["--batching", "on", "--max-batch", "64", "--max-delay-ms", maxDelayMs, "--model-instances", instances, "--intra-op-threads", intraOp, "--max-queue", "4096"], environment), TimeSpan.FromSeconds(60));

// Size of the server's answer to one row, so the bare endpoint answers as many bytes.
using var probe = new HttpClient();
var answer = await (await probe.PostAsync($"http://127.0.0.1:{on.Port}{on.Launch.PredictPath}", new ByteArrayContent(bodies[0])
{ Headers = { ContentType = new("application/json") } })).Content.ReadAsByteArrayAsync();
var bareLaunch = new ServerLaunch
{
    Label = "bare", FileName = "dotnet", Arguments = [self, "--bare", answer.Length.ToString(CultureInfo.InvariantCulture)], PredictPath = on.Launch.PredictPath,
    Environment = environment,
};
await using var bare = await ServerProcess.StartAsync(bareLaunch, TimeSpan.FromSeconds(60));

LoadGenerator For(ServerProcess s) => new(new IPEndPoint(IPAddress.Loopback, s.Port),
    bodies.Select(b => HttpRequestTemplate.Post("127.0.0.1", s.Port, s.Launch.PredictPath, b)).ToArray());
var servers = new Dictionary<string, ServerProcess> { ["bare"] = bare, ["on"] = on, ["off"] = off, ["wide-on"] = wideOn, ["wide-off"] = wideOff,
    ["deep-on"] = deepOn, ["deep-off"] = deepOff };
if (baseOn is not null) servers["base-on"] = baseOn;
var generators = servers.ToDictionary(kv => kv.Key, kv => For(kv.Value));
// Steady state, as a server in production runs for hours: JIT, tiered compilation (profiled re-JIT takes ~15 s of load on
// two cores), pools. Every process gets the same warm-up.
foreach (var g in generators.Values)
    await g.RunClosedLoopAsync(new ClosedLoopOptions { Concurrency = 32, Duration = TimeSpan.FromSeconds(warmupSeconds) });

var steps = new (string Server, int Concurrency)[] { ("bare", 32), ("on", 32), ("on", 64), ("off", 64), ("bare", 1), ("on", 1), ("wide-on", 64), ("wide-off", 64), ("deep-on", 64), ("deep-off", 64) };
// Optional: only some steps (--steps on:1,bare:1), e.g. to profile one server under one load; the ratios then are not printed.
var only = Option("--steps", "");
if (only.Length > 0)
    steps = only.Split(',').Select(s => s.Split(':')).Select(p => (p[0], int.Parse(p[1], CultureInfo.InvariantCulture))).ToArray();
foreach (var (label, server) in servers) Console.WriteLine($"{label,-8} pid {server.ProcessId}");
var results = steps.ToDictionary(s => s, _ => new List<LoadResult>());
var rowsPerCall = steps.ToDictionary(s => s, _ => new List<double>());
var cpuPerRequest = steps.ToDictionary(s => s, _ => new List<double>());
for (var round = 1; round <= rounds; round++)
{
    foreach (var step in steps)
    {
        var before = step.Server == "bare" ? new BatchSizes.Snapshot() : await BatchSizes.ScrapeAsync(probe, servers[step.Server].Port);
        using var serverProcess = System.Diagnostics.Process.GetProcessById(servers[step.Server].ProcessId);
        var serverCpu = serverProcess.TotalProcessorTime;
        var clientCpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        var r = await generators[step.Server].RunClosedLoopAsync(new ClosedLoopOptions
        {
            Concurrency = step.Concurrency, Duration = TimeSpan.FromSeconds(seconds), Warmup = TimeSpan.FromMilliseconds(200),
        });
        results[step].Add(r);
        serverProcess.Refresh();
        // CPU per answered request over the whole step (its 200 ms warm-up included), server and load generator apart:
        // steadier than throughput on a shared machine, and it says which side a change moved.
        var answered = Math.Max(1, r.ThroughputPerSecond * (r.Elapsed.TotalSeconds + 0.2));
        var serverUs = (serverProcess.TotalProcessorTime - serverCpu).TotalMicroseconds / answered;
        var clientUs = (System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - clientCpu).TotalMicroseconds / answered;
        cpuPerRequest[step].Add(serverUs);
        var batch = "";
        if (step.Server != "bare")
        {
            var after = await BatchSizes.ScrapeAsync(probe, servers[step.Server].Port);
            var mean = BatchSizes.MeanRowsPerCall(before, after);
            rowsPerCall[step].Add(mean);
            batch = $"  rows/model call {mean,5:0.0}  in server {BatchSizes.MeanServerMicros(before, after),6:0} µs";
        }
        Console.WriteLine($"round {round} {step.Server,-8} c={step.Concurrency,-3} {r.ThroughputPerSecond,9:0} req/s  p50 {r.Latency.PercentileMs(50),7:0.000} ms  p99 {r.Latency.PercentileMs(99),7:0.000} ms  errors {r.Errors}  cpu/req server {serverUs,5:0.0} µs client {clientUs,5:0.0} µs{batch}");
    }
}

if (only.Length > 0)
{
    // Per step: median over rounds of throughput and of server CPU per request, to compare builds or settings.
    foreach (var step in steps)
        Console.WriteLine($"{step.Server,-8} c={step.Concurrency,-3} median {Median(results[step].Select(r => r.ThroughputPerSecond)),9:0} req/s  server cpu/req {Median(cpuPerRequest[step]),5:0.0} µs");
    return 0;
}

double Median(IEnumerable<double> xs)
{
    var a = xs.Order().ToArray();
    return a.Length % 2 == 1 ? a[a.Length / 2] : (a[a.Length / 2 - 1] + a[a.Length / 2]) / 2;
}
double Tput(string s, int c, int i) => results[(s, c)][i].ThroughputPerSecond;
double P50(string s, int c, int i) => results[(s, c)][i].Latency.PercentileMs(50);
var idx = Enumerable.Range(0, rounds).ToArray();
var ceiling = Median(idx.Select(i => Tput("on", 32, i) / Tput("bare", 32, i)));
var batching = Median(idx.Select(i => Tput("on", 64, i) / Tput("off", 64, i)));
var latency = Median(idx.Select(i => P50("on", 1, i) / P50("bare", 1, i)));
var wideBatching = Median(idx.Select(i => Tput("wide-on", 64, i) / Tput("wide-off", 64, i)));
var deepBatching = Median(idx.Select(i => Tput("deep-on", 64, i) / Tput("deep-off", 64, i)));

Console.WriteLine();
Console.WriteLine($"batching on: --max-batch 64 --max-delay-ms {maxDelayMs} --model-instances {instances} --intra-op-threads {intraOp}; warm-up {warmupSeconds:0.#} s per process at c=32" +
    (environment.Count > 0 ? $"; every process with {string.Join(" ", environment.Select(kv => $"{kv.Key}={kv.Value}"))}" : ""));
Console.WriteLine($"response body: {answer.Length} bytes (bare endpoint answers the same size); {rounds} rounds × {seconds:0.#} s per step; machine: {Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
Console.WriteLine("| ratio (median over rounds) | observed | target | met |");
Console.WriteLine("| --- | --- | --- | --- |");
Console.WriteLine($"| server c=32 throughput / bare Kestrel c=32 | {ceiling:0.00} | >= 0.70 | {(ceiling >= 0.7 ? "yes" : "no")} |");
Console.WriteLine($"| batching on c=64 / batching off c=64 throughput | {batching:0.00} | >= 2.00 | {(batching >= 2 ? "yes" : "no")} |");
Console.WriteLine($"| server p50 c=1 / bare p50 c=1 | {latency:0.00} | <= 2.00 | {(latency <= 2 ? "yes" : "no")} |");
Console.WriteLine($"| wide MLP ({WideHidden} × 2): batching on c=64 / off c=64 throughput | {wideBatching:0.00} | >= 2.00 | {(wideBatching >= 2 ? "yes" : "no")} |");
Console.WriteLine($"| deep MLP ({DeepHidden} × {DeepLayers}): batching on c=64 / off c=64 throughput | {deepBatching:0.00} | >= 2.00 | {(deepBatching >= 2 ? "yes" : "no")} |");
Console.WriteLine($"| batching on: peak RSS | {on.PeakRssMb():0} MB | | |");
Console.WriteLine($"| CPU per request at c=32, server process: bare / model server (batching on) | {Median(cpuPerRequest[("bare", 32)]):0.0} µs / {Median(cpuPerRequest[("on", 32)]):0.0} µs | | |");
Console.WriteLine($"| CPU per request at c=64, model server: batching on / off | {Median(cpuPerRequest[("on", 64)]):0.0} µs / {Median(cpuPerRequest[("off", 64)]):0.0} µs | | |");
Directory.Delete(folder, recursive: true);
return 0;

internal static partial class Program
{
    /// <summary>The wide MLP (<see cref="MlpModel"/>): two 1536-wide layers, cost per row dominated by streaming the weights.</summary>
    private const int WideHidden = 1536;

    /// <summary>The deep MLP: 48 layers 64 wide, cost per call dominated by its 150 nodes' dispatch.</summary>
    private const int DeepHidden = 64;
    private const int DeepLayers = 48;
}
