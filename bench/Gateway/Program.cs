using System.Diagnostics;
using System.Globalization;
using System.Net;
using Pipeline.Benchmarking.Load;
using Pipeline.Bench.Gateway;
using Pipeline.Gateway;
using Pipeline.Gateway.Routing;

// Issue 23's A/B in one run: today's gateway (its own proxy loop over HttpMessageInvoker) against the same REST path on YARP's
// IHttpForwarder, both in front of the same canned upstream, closed-loop load of one-row OIP v2 requests at one concurrency,
// rounds alternated A B / B A; medians of the rounds' throughput and p99, the process CPU per request of each, and the medians of
// the per-round B/A ratios (the decision).
// Usage: dotnet run -c Release --project bench/Gateway -- [--concurrency 32] [--seconds 5] [--rounds 3]
var concurrency = Option("--concurrency", 32);
var seconds = Option("--seconds", 5);
var rounds = Option("--rounds", 3);

var (upstreamApp, upstreamUrl) = await CannedUpstream.StartAsync();
var table = new RoutingTable
{
    Stable = new Upstream(upstreamUrl, "v1"), Canary = new Upstream(upstreamUrl, "v2"), CanaryWeight = 10, Reason = "bench",
};
var today = GatewayHost.Create(new GatewayOptions { Port = 0, InitialRouting = table });
await today.App.StartAsync();
var (yarpApp, yarpUrl) = await YarpGateway.StartAsync(table);

var body = """{"inputs":[{"name":"amount","datatype":"FP32","shape":[1,1],"data":[420.5]},{"name":"country","datatype":"BYTES","shape":[1,1],"data":["NG"]}]}"""u8.ToArray();
var gateways = new (string Name, Uri Url)[] { ("today's gateway", today.BaseAddress), ("YARP forwarder", new Uri(yarpUrl)) };
var results = gateways.ToDictionary(g => g.Name, _ => new List<(double Rps, double P99, double P50, double CpuUs, long Errors)>());

Console.WriteLine($"gateway A/B: c={concurrency}, {seconds} s per round, {rounds} rounds alternated, one-row OIP v2 JSON, canned upstream, {Environment.ProcessorCount} cores");
foreach (var g in gateways) await RunAsync(g.Url, TimeSpan.FromSeconds(2));   // JIT and connection pools, not measured
for (var round = 0; round < rounds; round++)
{
    var order = round % 2 == 0 ? gateways : gateways.Reverse().ToArray();
    foreach (var (name, url) in order)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var r = await RunAsync(url, TimeSpan.FromSeconds(seconds));
        var cpuUs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / Math.Max(1, r.Requests);
        results[name].Add((r.ThroughputPerSecond, r.Latency.PercentileMs(99), r.Latency.PercentileMs(50), cpuUs, r.Errors + r.TransportErrors));
        Console.WriteLine($"  round {round + 1} {name,-16} {r.ThroughputPerSecond,8:0} req/s  p50 {r.Latency.PercentileMs(50),6:0.00} ms  p99 {r.Latency.PercentileMs(99),6:0.00} ms  CPU {cpuUs,5:0} µs/req  errors {r.Errors + r.TransportErrors}");
    }
}

Console.WriteLine();
Console.WriteLine("| gateway | req/s (median) | p50 ms | p99 ms (median) | process CPU µs/req | errors |");
Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
foreach (var (name, _) in gateways)
{
    var r = results[name];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {Median(r.Select(x => x.Rps)):0} | {Median(r.Select(x => x.P50)):0.00} | {Median(r.Select(x => x.P99)):0.00} | {Median(r.Select(x => x.CpuUs)):0} | {r.Sum(x => x.Errors)} |"));
}
// The machine is shared: each round's A and B run back to back, so their ratio cancels most of the load that drifts between rounds.
var a = results[gateways[0].Name];
var b = results[gateways[1].Name];
var throughputRatio = Median(a.Zip(b, (x, y) => y.Rps / x.Rps));
var p99Ratio = Median(a.Zip(b, (x, y) => y.P99 / x.P99));
var cpuRatio = Median(a.Zip(b, (x, y) => y.CpuUs / x.CpuUs));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"YARP / today, median of the {rounds} paired rounds: throughput {throughputRatio:0.00}×, p99 {p99Ratio:0.00}×, process CPU per request {cpuRatio:0.00}× → " +
    $"{(throughputRatio >= 0.98 && p99Ratio <= 1.02 ? "equal or better: adopt" : "not equal or better: keep today's gateway")}"));
Console.WriteLine($"load average at the end: {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");

await yarpApp.StopAsync();
await today.App.StopAsync();
await upstreamApp.StopAsync();
return 0;

async Task<LoadResult> RunAsync(Uri url, TimeSpan duration)
{
    var endPoint = new IPEndPoint(IPAddress.Loopback, url.Port);
    var generator = new LoadGenerator(endPoint, [HttpRequestTemplate.Post("127.0.0.1", url.Port, "/v2/models/fraud-detector/infer", body)]);
    return await generator.RunClosedLoopAsync(new ClosedLoopOptions { Concurrency = concurrency, Duration = duration });
}

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}

int Option(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}
