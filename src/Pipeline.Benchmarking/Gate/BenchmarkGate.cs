using System.Globalization;
using System.Net;
using Pipeline.Benchmarking.Latency;
using Pipeline.Benchmarking.Load;
using Pipeline.Benchmarking.Report;
using Pipeline.Benchmarking.Servers;
using Pipeline.Core.Verdicts;

namespace Pipeline.Benchmarking.Gate;

/// <summary>Runs the real server with the candidate (and the champion), alternating rounds ABAB, and judges the SLA and the regression.</summary>
public sealed partial class BenchmarkGate(TimeProvider? time = null, Action<string>? progress = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public async Task<BenchmarkReport> RunAsync(BenchmarkPlan plan, CancellationToken ct = default)
    {
        var notes = new List<string>();
        ServerProcess? candidate = null, champion = null;
        try
        {
            try { candidate = await StartAsync(plan.Candidate, plan, ct).ConfigureAwait(false); }
            catch (ServerStartException e)
            {
                return new BenchmarkReport { Verdict = StartFailure(plan, e) };
            }
            if (plan.Champion is { } championLaunch)
            {
                try { champion = await StartAsync(championLaunch, plan, ct).ConfigureAwait(false); }
                catch (ServerStartException e)
                {
                    notes.Add($"champion server did not start, so only absolute thresholds were judged: {e.Message.Split(Environment.NewLine)[0]}");
                }
            }
            else notes.Add("no champion: absolute thresholds only");

            var variants = new List<Variant> { new(candidate, plan) };
            if (champion is not null) variants.Add(new(champion, plan));
            foreach (var v in variants)
                await v.Generator.RunClosedLoopAsync(new ClosedLoopOptions { Concurrency = 4, Duration = plan.Warmup }, ct).ConfigureAwait(false);

            // ABAB: every round measures the candidate and then the champion under the same conditions, so ratios cancel machine drift.
            for (var round = 0; round < Math.Max(1, plan.Policy.Rounds); round++)
            {
                foreach (var v in variants)
                {
                    foreach (var c in plan.Policy.Concurrency)
                    {
                        var r = await v.Generator.RunClosedLoopAsync(new ClosedLoopOptions
                        {
                            Concurrency = c, Duration = TimeSpan.FromSeconds(plan.Policy.DurationSeconds),
                        }, ct).ConfigureAwait(false);
                        v.Sweep.Add(r);
                        progress?.Invoke($"round {round + 1} {v.Server.Launch.Label} {r.Mode}: {r.ThroughputPerSecond:0} req/s p99 {r.Latency.PercentileMs(99):0.00} ms");
                    }
                    var open = await v.Generator.RunOpenLoopAsync(new OpenLoopOptions
                    {
                        RatePerSecond = plan.Policy.RatePerSecond, Duration = TimeSpan.FromSeconds(plan.Policy.DurationSeconds),
                        Connections = plan.OpenLoopConnections,
                    }, ct).ConfigureAwait(false);
                    v.Open.Add(open);
                    progress?.Invoke($"round {round + 1} {v.Server.Launch.Label} {open.Mode}: p50 {open.Latency.PercentileMs(50):0.00} ms p99 {open.Latency.PercentileMs(99):0.00} ms");
                }
            }
            foreach (var v in variants) v.PeakRssMb = v.Server.PeakRssMb();

            var cand = variants[0].Measure();
            var champ = variants.Count > 1 ? variants[1].Measure() : null;
            var ratio = variants.Count > 1 && variants[0].Open.Any(r => r.Latency.Count > 0) && variants[1].Open.Any(r => r.Latency.Count > 0)
                ? PercentileRatio.Estimate(variants[0].Open.Select(r => r.Latency).ToList(), variants[1].Open.Select(r => r.Latency).ToList())
                : null;
            var verdict = new Verdict
            {
                Gate = "BenchmarkGate", Subject = plan.Subject,
                Checks = Judge(plan, variants[0], cand, champ, ratio), Notes = notes,
            };
            var svg = LatencyHistogramSvg.Render($"{plan.Subject}: latency at {plan.Policy.RatePerSecond}/s (open loop)",
                variants.Select(v => (v.Server.Launch.Label, v.MergedOpen())).ToList(), plan.Policy.MaxP99Ms);
            return new BenchmarkReport { Verdict = verdict, Candidate = cand, Champion = champ, P99Ratio = ratio, Svg = svg };
        }
        finally
        {
            if (candidate is not null) await candidate.DisposeAsync().ConfigureAwait(false);
            if (champion is not null) await champion.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<ServerProcess> StartAsync(ServerLaunch launch, BenchmarkPlan plan, CancellationToken ct)
    {
        var server = await ServerProcess.StartAsync(launch, plan.StartTimeout, _time, ct).ConfigureAwait(false);
        progress?.Invoke($"{launch.Label} ready on port {server.Port} after {server.StartupTime.TotalSeconds:0.00} s (model load {server.ModelLoadMs:0.#} ms)");
        return server;
    }

    private static Verdict StartFailure(BenchmarkPlan plan, ServerStartException e) => new()
    {
        Gate = "BenchmarkGate", Subject = plan.Subject,
        Checks =
        [
            new Check
            {
                Metric = "startup_s", Observed = "did not start", Threshold = $"<= {plan.Policy.MaxStartupSeconds.ToString(CultureInfo.InvariantCulture)} s",
                Outcome = CheckOutcome.Fail, Detail = e.Message,
            },
        ],
    };

    /// <summary>One server under test with its generator and collected runs.</summary>
    private sealed class Variant(ServerProcess server, BenchmarkPlan plan)
    {
        public ServerProcess Server { get; } = server;
        public LoadGenerator Generator { get; } = new(new IPEndPoint(IPAddress.Loopback, server.Port),
            plan.RequestBodies.Select(b => HttpRequestTemplate.Post("127.0.0.1", server.Port, server.Launch.PredictPath, b)).ToArray());
        public List<LoadResult> Sweep { get; } = [];
        public List<LoadResult> Open { get; } = [];
        public double? PeakRssMb { get; set; }

        public LatencyHistogram MergedOpen()
        {
            var h = new LatencyHistogram();
            foreach (var r in Open) h.Add(r.Latency);
            return h;
        }

        public VariantMeasurement Measure() => new()
        {
            Label = Server.Launch.Label,
            StartupSeconds = Server.StartupTime.TotalSeconds,
            ModelLoadMs = Server.ModelLoadMs,
            PeakRssMb = PeakRssMb,
            Sweep = Sweep.Select(r => r.Summarize()).ToArray(),
            OpenLoop = Open.Select(r => r.Summarize()).ToArray(),
            OpenLoopLatency = MergedOpen().Summarize(),
            Errors = Sweep.Concat(Open).Sum(r => r.Errors),
        };
    }
}
