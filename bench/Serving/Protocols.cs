using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Grpc.Net.Client;
using Pipeline.Benchmarking.Servers;
using Pipeline.Protocol.Grpc;
using Pipeline.Protocol.Grpc.V2;
using Pipeline.Protocol.Rest;
using Pipeline.Protocol.Tensors;

namespace Pipeline.Bench.Serving;

/// <summary>
/// <c>--protocols [seconds] [rounds] [concurrency]</c>: the same server and rows over v2 JSON, v2 binary tensors and gRPC (raw contents),
/// for one row and for a [64, 30] FP32 batch; throughput and p50 against JSON, formats alternated within each round.
/// Every format is driven by the same in-process .NET clients (HttpClient, Grpc.Net.Client) so the comparison is the wire format's.
/// </summary>
internal static class Protocols
{
    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        var rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;
        var concurrency = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 8;
        // The repository's tensor-input MLP (models/breast-cancer): one input "input" of 30 floats per row, probability [N, 1].
        var root = Pipeline.Testing.CheckoutRoot.Path;
        var modelFile = Path.Combine(root, "models", "breast-cancer", "model.onnx");
        var configFile = Path.Combine(root, "models", "breast-cancer", "model.yaml");
        var grpcPort = FreePort();
        var serving = Path.Combine(AppContext.BaseDirectory, "Pipeline.Serving.dll");
        await using var server = await ServerProcess.StartAsync(ServerLaunch.ForPipelineServing("server", serving, modelFile, configFile, "mlp", "1", "stable",
            ["--grpc-port", grpcPort.ToString(CultureInfo.InvariantCulture), "--max-queue", "4096"]), TimeSpan.FromSeconds(60));
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = 256 }) { BaseAddress = new Uri($"http://127.0.0.1:{server.Port}") };
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}");
        var grpc = new GRPCInferenceService.GRPCInferenceServiceClient(channel);

        var cases = new List<(string Name, int Rows, Func<Task> Call)>();
        foreach (var rows in new[] { 1, 64 })
        {
            var random = new Random(rows);
            var input = Tensor.Of("input", Enumerable.Range(0, rows * Width).Select(_ => (float)random.NextDouble()).ToArray(), rows, Width);
            var request = new InferRequest { Inputs = [input] };
            var json = InferenceJson.WriteRequest(request, binaryInputs: false).Body;
            var (binary, header) = InferenceJson.WriteRequest(request, binaryInputs: true, binaryOutputs: true);
            var message = GrpcTensors.WriteRequest("mlp", request, raw: true);
            cases.Add(("json", rows, async () =>
            {
                using var content = new ByteArrayContent(json);
                content.Headers.ContentType = new("application/json");
                using var r = await http.PostAsync("/v2/models/mlp/infer", content);
                var body = await r.Content.ReadAsByteArrayAsync();
                if (!r.IsSuccessStatusCode || InferenceJson.ReadResponse(body, null).Value?.Outputs[0].Data.Length != rows) throw new InvalidOperationException(Encoding.UTF8.GetString(body));
            }));
            cases.Add(("binary", rows, async () =>
            {
                using var content = new ByteArrayContent(binary);
                content.Headers.TryAddWithoutValidation(InferenceHeader.ContentLength, header!.Value.ToString(CultureInfo.InvariantCulture));
                using var r = await http.PostAsync("/v2/models/mlp/infer", content);
                var body = await r.Content.ReadAsByteArrayAsync();
                var h = r.Headers.TryGetValues(InferenceHeader.ContentLength, out var v) ? v.First() : null;
                if (!r.IsSuccessStatusCode || InferenceJson.ReadResponse(body, h).Value?.Outputs[0].Data.Length != rows) throw new InvalidOperationException(Encoding.UTF8.GetString(body));
            }));
            cases.Add(("grpc", rows, async () =>
            {
                var r = await grpc.ModelInferAsync(message);
                if (GrpcTensors.ReadResponse(r).Value?.Outputs[0].Data.Length != rows) throw new InvalidOperationException("wrong answer");
            }));
        }
        foreach (var c in cases) await LoopAsync(c.Call, concurrency, TimeSpan.FromSeconds(2));   // warm-up: JIT, connections
        var results = cases.ToDictionary(c => (c.Name, c.Rows), _ => new List<(double Tput, double P50)>());
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var c in cases)
            {
                var r = await LoopAsync(c.Call, concurrency, TimeSpan.FromSeconds(seconds));
                results[(c.Name, c.Rows)].Add(r);
                Console.WriteLine($"round {round} {c.Name,-6} rows {c.Rows,2} c={concurrency}  {r.Tput,8:0} req/s  p50 {r.P50,7:0.000} ms");
            }
        }
        Console.WriteLine();
        Console.WriteLine($"{rounds} rounds × {seconds:0.#} s per step, c={concurrency}, model [N,{Width}] FP32 → [N,1]; machine {Environment.ProcessorCount} cores, load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        Console.WriteLine("| format | rows/request | req/s (median) | p50 ms (median) | throughput vs JSON | p50 vs JSON |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- |");
        foreach (var rows in new[] { 1, 64 })
            foreach (var name in new[] { "json", "binary", "grpc" })
            {
                var own = results[(name, rows)];
                var json = results[("json", rows)];
                var ratio = Median(Enumerable.Range(0, rounds).Select(i => own[i].Tput / json[i].Tput));
                var p50 = Median(Enumerable.Range(0, rounds).Select(i => own[i].P50 / json[i].P50));
                Console.WriteLine($"| {name} | {rows} | {Median(own.Select(x => x.Tput)):0} | {Median(own.Select(x => x.P50)):0.000} | {ratio:0.00}× | {p50:0.00}× |");
            }
        return 0;
    }

    private const int Width = 30;

    private static async Task<(double Tput, double P50)> LoopAsync(Func<Task> call, int concurrency, TimeSpan duration)
    {
        var latencies = new List<double>[concurrency];
        var stop = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(async w =>
        {
            var mine = latencies[w] = [];
            while (stop.Elapsed < duration)
            {
                var t = Stopwatch.GetTimestamp();
                await call();
                mine.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            }
        }).ToArray();
        await Task.WhenAll(workers);
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return (all.Length / stop.Elapsed.TotalSeconds, all.Length == 0 ? double.NaN : all[all.Length / 2]);
    }

    private static double Median(IEnumerable<double> xs)
    {
        var a = xs.Order().ToArray();
        return a.Length % 2 == 1 ? a[a.Length / 2] : (a[a.Length / 2 - 1] + a[a.Length / 2]) / 2;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
