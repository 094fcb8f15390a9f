// Issue 23's remaining libraries, each against what the project does today, one run each:
//   latency recording: HdrHistogram 2.5.0 LongHistogram vs LatencyHistogram (ns per record, memory, p99/p99.9 error vs exact);
//   metrics: prometheus-net 8.2.1 vs PrometheusHistogram + the text writer (ns per observation, µs per scrape of the same series);
//   pictures: ScottPlot 5.1.59 SVG vs LatencyHistogramSvg (ms per latency picture, bytes);
//   data frames: Microsoft.Data.Analysis 0.24.0 per-segment aggregation of a scored holdout vs a dictionary loop (ms, MB).
//   --holdout [repetitions]: the data frame where it is used, EvaluateGate's segment grouping, on the real holdout (HoldoutSegments.cs).
// Usage: dotnet run -c Release --project bench/Libraries -- [samples=2000000] | --holdout [repetitions=200]
using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Analysis;
using Pipeline.Benchmarking.Latency;
using Pipeline.Benchmarking.Report;
using Pipeline.Core.Monitoring;

if (args.Length > 0 && args[0] == "--holdout")
    return Pipeline.Bench.Libraries.HoldoutSegments.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200);
var samples = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2_000_000;
Console.WriteLine($"libraries bench: {samples:N0} samples, {Environment.ProcessorCount} cores, load {Load()}");

// Latencies: log-normal around 3 ms with a tail, in µs.
var random = new Random(5);
var latencies = new long[samples];
for (var i = 0; i < samples; i++) latencies[i] = (long)(3000 * Math.Exp(0.6 * Normal(random)) + (random.NextDouble() < 0.01 ? 50_000 * random.NextDouble() : 0));
var sorted = (long[])latencies.Clone();
Array.Sort(sorted);
long Exact(double p) => sorted[Math.Max(0, (int)Math.Ceiling(p / 100 * samples) - 1)];

// 1. Latency recording.
{
    var ours = new LatencyHistogram();
    var hdr = new HdrHistogram.LongHistogram(3_600_000_000L, 3);
    for (var round = 0; round < 2; round++)
    {
        var a = Time(() => { foreach (var v in latencies) ours.RecordMicroseconds(v); });
        var b = Time(() => { foreach (var v in latencies) hdr.RecordValue(v); });
        if (round == 1)
        {
            Console.WriteLine(FormattableString.Invariant($"latency  LatencyHistogram {a * 1e9 / samples:F1} ns/record, {LatencyHistogramBytes()} B; HdrHistogram {b * 1e9 / samples:F1} ns/record, {hdr.GetEstimatedFootprintInBytes():N0} B"));
            foreach (var p in new[] { 50.0, 99.0, 99.9 })
                Console.WriteLine(FormattableString.Invariant(
                    $"         p{p}: exact {Exact(p)} µs, LatencyHistogram {ours.PercentileMicroseconds(p)} ({Err(ours.PercentileMicroseconds(p), Exact(p)):+0.00;-0.00} %), HdrHistogram {hdr.GetValueAtPercentile(p)} ({Err(hdr.GetValueAtPercentile(p), Exact(p)):+0.00;-0.00} %)"));
        }
    }
}

// 2. Metrics: the server's request-duration histogram (13 buckets, route × status labels), observe and scrape.
{
    var ours = new Dictionary<(string, int), PrometheusHistogram>();
    double[] buckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
    var routes = new[] { "/predict", "/health", "/metrics" };
    var statuses = new[] { 200, 400, 500 };
    foreach (var r in routes) foreach (var s in statuses) ours[(r, s)] = new PrometheusHistogram(buckets);
    var registry = Prometheus.Metrics.NewCustomRegistry();
    var theirs = Prometheus.Metrics.WithCustomRegistry(registry).CreateHistogram("pipeline_request_duration_seconds", "Request duration",
        new Prometheus.HistogramConfiguration { Buckets = buckets, LabelNames = ["route", "status"] });
    var children = routes.SelectMany(r => statuses.Select(s => ((r, s), theirs.WithLabels(r, s.ToString(CultureInfo.InvariantCulture))))).ToDictionary(t => t.Item1, t => t.Item2);
    var n = Math.Min(samples, 1_000_000);
    for (var round = 0; round < 2; round++)
    {
        var a = Time(() => { for (var i = 0; i < n; i++) ours[(routes[i % 3], statuses[i % 7 == 0 ? 1 : 0])].Observe(latencies[i] / 1e6); });
        var b = Time(() => { for (var i = 0; i < n; i++) children[(routes[i % 3], statuses[i % 7 == 0 ? 1 : 0])].Observe(latencies[i] / 1e6); });
        const int scrapes = 2000;
        var bytesOurs = 0L;
        var c = Time(() =>
        {
            for (var k = 0; k < scrapes; k++)
            {
                var w = new StringWriter(CultureInfo.InvariantCulture);
                w.Write("# HELP pipeline_request_duration_seconds Request duration\n# TYPE pipeline_request_duration_seconds histogram\n");
                foreach (var ((r, s), h) in ours) h.WriteTo(w, "pipeline_request_duration_seconds", $"route=\"{r}\",status=\"{s}\"");
                bytesOurs = w.GetStringBuilder().Length;
            }
        });
        var bytesTheirs = 0L;
        var d = Time(() =>
        {
            for (var k = 0; k < scrapes; k++)
            {
                using var stream = new MemoryStream();
                registry.CollectAndExportAsTextAsync(stream).GetAwaiter().GetResult();
                bytesTheirs = stream.Length;
            }
        });
        if (round == 1)
            Console.WriteLine(FormattableString.Invariant(
                $"metrics  today: {a * 1e9 / n:F1} ns/observe, {c * 1e6 / scrapes:F1} µs/scrape ({bytesOurs:N0} B); prometheus-net: {b * 1e9 / n:F1} ns/observe, {d * 1e6 / scrapes:F1} µs/scrape ({bytesTheirs:N0} B)"));
    }
}

// 3. Pictures: the benchmark gate's latency histogram.
{
    var histogram = new LatencyHistogram();
    foreach (var v in latencies) histogram.RecordMicroseconds(v);
    string ours = "", theirs = "";
    const int pictures = 20;
    for (var round = 0; round < 2; round++)
    {
        var a = Time(() => { for (var k = 0; k < pictures; k++) ours = LatencyHistogramSvg.Render("latency", [("candidate", histogram)], 50); });
        var b = Time(() =>
        {
            for (var k = 0; k < pictures; k++)
            {
                var plot = Pipeline.Reports.Charts.Figure.New("latency", "latency (ms, log)", "share of requests");
                var bins = histogram.Buckets().Select(x => (Ms: Math.Log10(Math.Max(1, x.UpperMicroseconds) / 1000.0), Share: x.Count / (double)histogram.Count)).ToArray();
                var bars = plot.Add.Bars(bins.Select(x => x.Ms).ToArray(), bins.Select(x => x.Share).ToArray());
                plot.Add.VerticalLine(Math.Log10(50));
                theirs = plot.GetSvgXml(720, 360);
            }
        });
        if (round == 1)
            Console.WriteLine(FormattableString.Invariant($"picture  LatencyHistogramSvg {a * 1e3 / pictures:F2} ms, {ours.Length:N0} B; ScottPlot SVG {b * 1e3 / pictures:F2} ms, {theirs.Length:N0} B"));
    }
}

// 4. Data frame: per-segment count, positives and mean score of a scored holdout (the gate's segment table).
{
    var scores = new float[samples];
    var labels = new bool[samples];
    var segments = new string[samples];
    string[] countries = ["US", "GB", "DE", "FR", "NL", "ES", "IT", "CA", "MX", "BR"];
    for (var i = 0; i < samples; i++)
    {
        scores[i] = (float)random.NextDouble();
        labels[i] = random.NextDouble() < scores[i] * 0.1;
        segments[i] = countries[random.Next(countries.Length)];
    }
    for (var round = 0; round < 2; round++)
    {
        Dictionary<string, (long Count, long Positives, double Sum)> ours = [];
        var allocated = GC.GetTotalAllocatedBytes(true);
        var a = Time(() =>
        {
            ours = new Dictionary<string, (long, long, double)>();
            for (var i = 0; i < samples; i++)
            {
                ours.TryGetValue(segments[i], out var t);
                ours[segments[i]] = (t.Count + 1, t.Positives + (labels[i] ? 1 : 0), t.Sum + scores[i]);
            }
        });
        var oursBytes = GC.GetTotalAllocatedBytes(true) - allocated;
        DataFrame grouped = null!;
        allocated = GC.GetTotalAllocatedBytes(true);
        var b = Time(() =>
        {
            var frame = new DataFrame(new SingleDataFrameColumn("score", scores), new Int32DataFrameColumn("label", labels.Select(l => l ? 1 : 0)),
                new StringDataFrameColumn("segment", segments));
            grouped = frame.GroupBy("segment").Mean("score");
            var positives = frame.GroupBy("segment").Sum("label");
            var counts = frame.GroupBy("segment").Count("score");
        });
        var theirsBytes = GC.GetTotalAllocatedBytes(true) - allocated;
        if (round == 1)
        {
            var us = ours["US"];
            var row = Enumerable.Range(0, (int)grouped.Rows.Count).First(r => (string)grouped["segment"][r] == "US");
            Console.WriteLine(FormattableString.Invariant(
                $"frame    loop {a * 1e3:F1} ms, {oursBytes / 1e6:F1} MB; DataFrame (build + 3 GroupBys) {b * 1e3:F1} ms, {theirsBytes / 1e6:F1} MB; mean score US: loop {us.Sum / us.Count:F5}, frame {Convert.ToDouble(grouped["score"][row], CultureInfo.InvariantCulture):F5}"));
            var ints = new Int32DataFrameColumn("hour", Enumerable.Range(0, samples).Select(i => 50_000 + i % 3));
            Console.WriteLine(FormattableString.Invariant($"         Int32 column Mean(): {ints.Mean():F1} (exact {Enumerable.Range(0, samples).Average(i => 50_000.0 + i % 3):F1})"));
        }
    }
}
Console.WriteLine($"load after: {Load()}");
return 0;

static double Time(Action action)
{
    var sw = Stopwatch.StartNew();
    action();
    return sw.Elapsed.TotalSeconds;
}

static double Normal(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());

static double Err(long value, long exact) => exact == 0 ? 0 : 100.0 * (value - exact) / exact;

static int LatencyHistogramBytes() => (256 + (40 - 8) * 128) * 8;

static string Load() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
