using System.Diagnostics;
using System.Net;
using Google.Protobuf;
using Pipeline.Benchmarking.Load;
using Pipeline.Benchmarking.Servers;
using Pipeline.Serving.Tests.Support;

namespace Pipeline.Bench.Packages;

/// <summary>
/// Server throughput at c=32: each build's model server (its own Pipeline.Serving.dll) with the serving bench's fraud model and
/// one-row V1 requests, batching off and on in both (the same settings, so only the build differs), driven by this tree's load
/// generator; rounds alternate the builds.
/// </summary>
internal sealed class ServingThroughput : IAsyncDisposable
{
    public const string Project = "src/Pipeline.Serving";
    public static readonly string[] Modes = ["off", "on"];

    private readonly Dictionary<(string Side, string Mode), (ServerProcess Server, LoadGenerator Load)> servers = [];

    public static async Task<ServingThroughput> StartAsync(IEnumerable<Tree> trees, string work, double warmupSeconds)
    {
        var folder = Directory.CreateDirectory(Path.Combine(work, "serving")).FullName;
        var model = Path.Combine(folder, "model.onnx");
        File.WriteAllBytes(model, TestModels.Build().ToByteArray());
        var config = TestModels.WriteConfig(folder);
        var bodies = PredictBodies.FromBatch(TestModels.Rows(256, seed: 21), rowsPerRequest: 1);
        var result = new ServingThroughput();
        foreach (var tree in trees)
        {
            foreach (var mode in Modes)
            {
                var label = $"{tree.Label}-batching-{mode}";
                var launch = ServerLaunch.ForPipelineServing(label, tree.Dll(Project, "Pipeline.Serving"), model, config, "fraud-detector", "1", label,
                    ["--batching", mode, "--max-batch", "64", "--max-delay-ms", "2", "--model-instances", "1", "--intra-op-threads", "1", "--max-queue", "4096"]);
                var server = await ServerProcess.StartAsync(launch, TimeSpan.FromSeconds(120));
                var load = new LoadGenerator(new IPEndPoint(IPAddress.Loopback, server.Port),
                    bodies.Select(b => HttpRequestTemplate.Post("127.0.0.1", server.Port, launch.PredictPath, b)).ToArray());
                result.servers[(tree.Label, mode)] = (server, load);
            }
        }
        // Steady state (tiered JIT, pools) before anything is timed; every server gets the same warm-up.
        foreach (var (_, load) in result.servers.Values)
            await load.RunClosedLoopAsync(new ClosedLoopOptions { Concurrency = 32, Duration = TimeSpan.FromSeconds(warmupSeconds) });
        return result;
    }

    /// <summary>One closed-loop step at c=32: requests/s, p99 ms and the server's CPU µs per answered request.</summary>
    public async Task<(double Throughput, double P99, double CpuUs, long Errors)> MeasureAsync(string side, string mode, double seconds)
    {
        var (server, load) = servers[(side, mode)];
        using var process = Process.GetProcessById(server.ProcessId);
        var cpu = process.TotalProcessorTime;
        var r = await load.RunClosedLoopAsync(new ClosedLoopOptions
        {
            Concurrency = 32, Duration = TimeSpan.FromSeconds(seconds), Warmup = TimeSpan.FromMilliseconds(200),
        });
        process.Refresh();
        var answered = Math.Max(1, r.ThroughputPerSecond * (r.Elapsed.TotalSeconds + 0.2));
        return (r.ThroughputPerSecond, r.Latency.PercentileMs(99), (process.TotalProcessorTime - cpu).TotalMicroseconds / answered, r.Errors);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (server, _) in servers.Values) await server.DisposeAsync();
    }
}
