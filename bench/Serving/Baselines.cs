using System.Globalization;
using System.Net;
using Google.Protobuf;
using Pipeline.Benchmarking.Load;
using Pipeline.Benchmarking.Servers;
using Pipeline.Serving.Tests.Support;

namespace Pipeline.Bench.Serving;

/// <summary>
/// <c>--baselines [seconds] [rounds] [--generator wrk|own|both] [--concurrency 1,32,64] [--forced]</c>: is the server worth its code?
/// The model server as shipped against the two hand-written servers (<see cref="IdiomaticServer"/>, <see cref="OptimisedServer"/>)
/// and bare Kestrel (<see cref="BareEndpoint"/>), one row per request, for the default fraud model (9 named inputs, strings
/// among them) and the tensor-input MLP (models/breast-cancer, [N,30] → [N,1]). Every step of a round runs once, servers
/// alternated within each (model, concurrency) in an order that turns each round, so drift hits all alike; each ratio is the
/// median of the per-round ratios.
/// <c>--forced</c> adds the model server with <c>--batching on</c> and <c>--batching off</c>, to check the load-time decision.
/// </summary>
internal static class Baselines
{

    public static async Task<int> RunAsync(string[] args)
    {
        string Option(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
        var positional = args.Skip(1).TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
        var seconds = positional.Length > 0 ? int.Parse(positional[0], CultureInfo.InvariantCulture) : 3;
        var rounds = positional.Length > 1 ? int.Parse(positional[1], CultureInfo.InvariantCulture) : 3;
        var generators = Option("--generator", "wrk") is "both" ? new[] { "wrk", "own" } : new[] { Option("--generator", "wrk") };
        var levels = Option("--concurrency", "1,32,64").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToArray();
        var forced = args.Contains("--forced");
        string[] kinds = forced ? ["pipeline", "idiomatic", "optimised", "bare", "forced-on", "forced-off"] : ["pipeline", "idiomatic", "optimised", "bare"];
        var wrk = Wrk.Find();
        if (generators.Contains("wrk") && wrk is null) { Console.Error.WriteLine(Wrk.InstallHint); return 2; }

        var folder = Directory.CreateTempSubdirectory("pipeline-bench-baselines-").FullName;
        var self = Path.Combine(AppContext.BaseDirectory, "Pipeline.Bench.Serving.dll");
        var serving = Path.Combine(AppContext.BaseDirectory, "Pipeline.Serving.dll");
        var models = new[] { BaselineModel.Fraud(folder), BaselineModel.BreastCancer(Pipeline.Testing.CheckoutRoot.Path) };
        var servers = new Dictionary<(string Model, string Kind), ServerProcess>();
        try
        {
            foreach (var m in models)
            {
                servers[(m.Label, "pipeline")] = await ServerProcess.StartAsync(ServerLaunch.ForPipelineServing($"{m.Label}-pipeline", serving, m.ModelFile, m.ConfigFile,
                    m.Name, "1", "stable"), TimeSpan.FromSeconds(90));
                foreach (var mode in forced ? new[] { "on", "off" } : [])
                    servers[(m.Label, $"forced-{mode}")] = await ServerProcess.StartAsync(ServerLaunch.ForPipelineServing($"{m.Label}-forced-{mode}", serving, m.ModelFile,
                        m.ConfigFile, m.Name, "1", "stable", ["--batching", mode]), TimeSpan.FromSeconds(90));
                foreach (var kind in new[] { "idiomatic", "optimised" })
                    servers[(m.Label, kind)] = await ServerProcess.StartAsync(new ServerLaunch
                    {
                        Label = $"{m.Label}-{kind}", FileName = "dotnet", PredictPath = m.PredictPath,
                        Arguments = [self, $"--{kind}", m.ModelFile, m.Name, m.TensorInput ?? "-", string.Join(',', m.Columns)],
                    }, TimeSpan.FromSeconds(90));
            }
            using var http = new HttpClient();
            foreach (var m in models) await m.CheckSameAnswersAsync(http, servers);
            // Bare answers as many bytes as the model server answers one row.
            var answer = await models[0].AnswerAsync(http, servers[(models[0].Label, "pipeline")].Port, 0);
            var bare = await ServerProcess.StartAsync(new ServerLaunch
            {
                Label = "bare", FileName = "dotnet", Arguments = [self, "--bare", answer.Length.ToString(CultureInfo.InvariantCulture)], PredictPath = "/",
            }, TimeSpan.FromSeconds(60));
            foreach (var m in models) servers[(m.Label, "bare")] = bare;

            foreach (var m in models)
                Console.WriteLine($"{m.Label}: pipeline server's batching decision: {BatchingLine(servers[(m.Label, "pipeline")])}");
            // Same warm-up for every process: JIT and tiered compilation (~15 s of load on two cores reach steady code).
            var warmup = double.Parse(Option("--warmup-seconds", "4"), CultureInfo.InvariantCulture);
            foreach (var m in models)
                foreach (var kind in kinds)
                    await Own(servers[(m.Label, kind)], m).RunClosedLoopAsync(new ClosedLoopOptions { Concurrency = 32, Duration = TimeSpan.FromSeconds(warmup) });

            var scripts = models.ToDictionary(m => m.Label, m => Wrk.WriteScript(folder, m.Label, m.PredictPath, m.Bodies));
            var load = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            var results = new BaselineResults();
            for (var round = 1; round <= rounds; round++)
                foreach (var c in levels)
                    foreach (var m in models)
                        foreach (var generator in generators)
                            // The order of servers turns by one each round, so no server is always first after the previous group.
                            foreach (var kind in kinds.Skip((round - 1) % kinds.Length).Concat(kinds.Take((round - 1) % kinds.Length)))
                            {
                                var server = servers[(m.Label, kind)];
                                using var process = System.Diagnostics.Process.GetProcessById(server.ProcessId);
                                var pipeline = kind is "pipeline" or "forced-on" or "forced-off";
                                var allocated = pipeline ? await AllocatedBytesAsync(http, server.Port) : 0;
                                var switches = ContextSwitches(server.ProcessId);
                                var serverCpu = process.TotalProcessorTime;
                                var step = generator == "wrk"
                                    ? await wrk!.RunAsync(server.Port, m.PredictPath, scripts[m.Label], c, seconds)
                                    : await RunOwnAsync(Own(server, m), c, seconds);
                                process.Refresh();
                                var served = Math.Max(1, step.Throughput * seconds);
                                var cpu = (process.TotalProcessorTime - serverCpu).TotalMicroseconds / served;
                                var perRequest = $"switches/req {(ContextSwitches(server.ProcessId) - switches) / served,5:0.00}";
                                if (pipeline) perRequest += $"  allocated {(await AllocatedBytesAsync(http, server.Port) - allocated) / served,6:0} B/req";
                                results.Add(m.Label, generator, kind, c, step, cpu);
                                Console.WriteLine($"round {round} {generator,-4} {m.Label,-6} {kind,-9} c={c,-3} {step.Throughput,9:0} req/s  p50 {step.P50Ms,7:0.000} ms  " +
                                                  $"errors {step.Errors}  cpu/req server {cpu,6:0.0} µs client {step.ClientCpuMicros,5:0.0} µs  {perRequest}");
                            }
            Console.WriteLine();
            Console.WriteLine($"{rounds} rounds × {seconds} s per step, one row per request; machine {Environment.ProcessorCount} cores, load average {load} at the start, " +
                              $"{File.ReadAllText("/proc/loadavg").Split(' ')[0]} at the end (the bench's own 7 servers and load generator included)");
            foreach (var m in models) Console.WriteLine($"{m.Label}: {BatchingLine(servers[(m.Label, "pipeline")])}");
            foreach (var generator in generators) results.Print(generator, models.Select(m => m.Label).ToArray(), levels, forced);
            return 0;
        }
        finally
        {
            foreach (var s in servers.Values.Distinct()) await s.DisposeAsync();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static LoadGenerator Own(ServerProcess s, BaselineModel m) => new(new IPEndPoint(IPAddress.Loopback, s.Port),
        m.Bodies.Select(b => HttpRequestTemplate.Post("127.0.0.1", s.Port, m.PredictPath, b)).ToArray());

    private static async Task<Wrk.Step> RunOwnAsync(LoadGenerator generator, int concurrency, int seconds)
    {
        var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        var r = await generator.RunClosedLoopAsync(new ClosedLoopOptions { Concurrency = concurrency, Duration = TimeSpan.FromSeconds(seconds) });
        var client = (System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / Math.Max(1, r.Requests);
        return new Wrk.Step(r.ThroughputPerSecond, r.Latency.PercentileMs(50), r.Errors, client);
    }

    /// <summary>The model server's managed allocations so far (<c>dotnet_gc_allocated_bytes_total</c> on its <c>/metrics</c>).</summary>
    private static async Task<double> AllocatedBytesAsync(HttpClient http, int port)
    {
        var text = await http.GetStringAsync($"http://127.0.0.1:{port}/metrics");
        var line = text.Split('\n').First(l => l.StartsWith("dotnet_gc_allocated_bytes_total", StringComparison.Ordinal));
        return double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
    }

    /// <summary>Voluntary and involuntary context switches of every thread of a process so far (<c>/proc/&lt;pid&gt;/task/*/status</c>;
    /// threads that ended are not counted, the server's pool threads live on).</summary>
    private static long ContextSwitches(int pid)
    {
        long total = 0;
        foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            try
            {
                foreach (var line in File.ReadLines(Path.Combine(task, "status")))
                    if (line.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal) || line.StartsWith("nonvoluntary_ctxt_switches:", StringComparison.Ordinal))
                        total += long.Parse(line[(line.IndexOf(':') + 1)..].Trim(), CultureInfo.InvariantCulture);
            }
            catch (IOException) { }     // the thread ended meanwhile
        }
        return total;
    }

    /// <summary>The batching fields of the server's ready line (decision and the figures it was made on).</summary>
    private static string BatchingLine(ServerProcess server)
    {
        var ready = server.Output.LastOrDefault(l => l.Contains("\"ready\"", StringComparison.Ordinal)) ?? "";
        using var doc = System.Text.Json.JsonDocument.Parse(ready.Length > 0 ? ready : "{}");
        return string.Join(", ", doc.RootElement.EnumerateObject().Where(p => p.Name.StartsWith("batching", StringComparison.Ordinal)).Select(p => $"{p.Name} {p.Value}"));
    }
}
