using System.Globalization;
using Pipeline.Core.Verdicts;

namespace Pipeline.Benchmarking.Gate;

public sealed partial class BenchmarkGate
{
    private static List<Check> Judge(BenchmarkPlan plan, Variant candidate, VariantMeasurement cand, VariantMeasurement? champ, CostComparison? cost)
    {
        var p = plan.Policy;
        var rate = p.RatePerSecond;
        var open = cand.OpenLoopLatency;
        var checks = new List<Check>
        {
            new()
            {
                Metric = $"p99_ms@{rate}rps", Observed = Ms(open.P99Ms), Threshold = $"<= {Num(p.MaxP99Ms)} ms", SampleSize = open.Count, Value = open.P99Ms,
                Outcome = open.Count > 0 && open.P99Ms <= p.MaxP99Ms ? CheckOutcome.Pass : CheckOutcome.Fail,
                Detail = open.P99Ms <= p.MaxP99Ms ? null
                    : $"p99 latency at {rate} requests/s (open loop, measured from the intended send time) is above benchmark.maxP99Ms; make the model cheaper or raise the SLA in model.yaml",
            },
            new()
            {
                Metric = "errors", Observed = cand.Errors.ToString(CultureInfo.InvariantCulture), Threshold = "= 0", Value = cand.Errors,
                SampleSize = candidate.Sweep.Concat(candidate.Open).Sum(r => r.Requests),
                Outcome = cand.Errors == 0 ? CheckOutcome.Pass : CheckOutcome.Fail,
                Detail = cand.Errors == 0 ? null : "the server answered non-2xx or dropped connections under load; see status counts: " +
                    string.Join(", ", candidate.Sweep.Concat(candidate.Open).SelectMany(r => r.StatusCounts).GroupBy(kv => kv.Key).Select(g => $"{g.Key}×{g.Sum(kv => kv.Value)}")),
            },
            cand.PeakRssMb is { } rss
                ? new Check
                {
                    Metric = "peak_rss_mb", Observed = $"{rss:0.0} MB", Threshold = $"<= {Num(p.MaxMemoryMb)} MB", Value = rss,
                    Outcome = rss <= p.MaxMemoryMb ? CheckOutcome.Pass : CheckOutcome.Fail,
                    Detail = rss <= p.MaxMemoryMb ? null : "peak resident memory of the server process (VmHWM) exceeds benchmark.maxMemoryMb",
                }
                : new Check { Metric = "peak_rss_mb", Observed = "not measurable", Threshold = $"<= {Num(p.MaxMemoryMb)} MB", Outcome = CheckOutcome.Warn, Detail = "/proc is not available on this system" },
            new()
            {
                Metric = "startup_s", Observed = $"{cand.StartupSeconds:0.00} s", Threshold = $"<= {Num(p.MaxStartupSeconds)} s", Value = cand.StartupSeconds,
                Outcome = cand.StartupSeconds <= p.MaxStartupSeconds ? CheckOutcome.Pass : CheckOutcome.Fail,
                Detail = cand.StartupSeconds <= p.MaxStartupSeconds ? null : "time from process start to the ready line exceeds benchmark.maxStartupSeconds",
            },
            Info("model_load_ms", cand.ModelLoadMs is { } load ? $"{load:0.0} ms" : "n/a", cand.ModelLoadMs),
            Info($"p50_ms@{rate}rps", Ms(open.P50Ms), open.P50Ms, open.Count),
            Info($"p95_ms@{rate}rps", Ms(open.P95Ms), open.P95Ms, open.Count),
            Info($"p99.9_ms@{rate}rps", Ms(open.P999Ms), open.P999Ms, open.Count),
        };
        foreach (var c in p.Concurrency)
        {
            var runs = candidate.Sweep.Where(r => r.Mode == $"closed c={c}").ToArray();
            if (runs.Length == 0) continue;
            var tput = runs.Average(r => r.ThroughputPerSecond);
            checks.Add(Info($"throughput_rps@c{c}", $"{tput:0} req/s", tput, runs.Sum(r => r.Requests)));
            checks.Add(Info($"p99_ms@c{c}", Ms(runs.Max(r => r.Latency.PercentileMs(99))), runs.Max(r => r.Latency.PercentileMs(99)), runs.Sum(r => r.Requests)));
        }
        if (champ is not null)
        {
            checks.Add(CostCheck(p, cand, champ, cost));
            checks.Add(Info($"p99_vs_champion@{rate}rps",
                $"{Ms(open.P99Ms)} vs {Ms(champ.OpenLoopLatency.P99Ms)} (tail of a few seconds of traffic: judged by the SLA above, not against the champion)",
                champ.OpenLoopLatency.P99Ms > 0 ? open.P99Ms / champ.OpenLoopLatency.P99Ms : null, open.Count + champ.OpenLoopLatency.Count));
        }
        return checks;
    }

    private static Check Info(string metric, string observed, double? value, long? n = null) =>
        new() { Metric = metric, Observed = observed, Threshold = "info", Value = value, SampleSize = n, Outcome = CheckOutcome.Info };

    private static string Ms(double ms) => $"{ms.ToString("0.00", CultureInfo.InvariantCulture)} ms";

    private static string Pct(double v) => v.ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture);

    private static string Num(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
}
