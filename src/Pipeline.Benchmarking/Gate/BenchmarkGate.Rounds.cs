using Pipeline.Benchmarking.Load;

namespace Pipeline.Benchmarking.Gate;

public sealed partial class BenchmarkGate
{
    /// <summary>
    /// Alternating rounds: in each, every phase (each closed-loop concurrency, then the open-loop rate) runs on both servers back
    /// to back, and who goes first flips every phase and every round, so neither variant is always measured after the other's
    /// load. After the policy's rounds, more are added while the cost interval straddles the limit, up to maxRounds and the time budget.
    /// </summary>
    private async Task<(IReadOnlyList<RoundCost> Rounds, CostComparison? Cost)> RunRoundsAsync(BenchmarkPlan plan, IReadOnlyList<Variant> variants, List<string> notes, CancellationToken ct)
    {
        var policy = plan.Policy;
        var minimum = Math.Max(2, policy.Rounds);
        var maximum = Math.Max(minimum, policy.MaxRounds);
        var phases = Phases(plan, TimeSpan.FromSeconds(policy.DurationSeconds), ct);
        var rounds = new List<RoundCost>();
        CostComparison? cost = null;
        var started = _time.GetTimestamp();
        for (var round = 0; round < maximum; round++)
        {
            for (var i = 0; i < phases.Count; i++)
            {
                var order = (round + i) % 2 == 0 ? variants : variants.Reverse();
                foreach (var v in order)
                {
                    var r = await v.MeasureAsync(round, phases[i].Run, costed: !phases[i].Open).ConfigureAwait(false);
                    (phases[i].Open ? v.Open : v.Sweep).Add(r);
                    progress?.Invoke($"round {round + 1} {v.Server.Launch.Label} {r.Mode}: {r.ThroughputPerSecond:0} req/s p50 {r.Latency.PercentileMs(50):0.00} ms p99 {r.Latency.PercentileMs(99):0.00} ms");
                }
            }
            if (variants.Count < 2 || !variants.All(v => v.CpuMeasurable && v.RoundRequests[round] > 0))
            {
                if (round + 1 >= minimum) break;
                continue;
            }
            rounds.Add(new RoundCost
            {
                Round = round + 1, CandidateFirst = round % 2 == 0,
                CandidateCpuMicroseconds = variants[0].RoundCpuMicroseconds[round], CandidateRequests = variants[0].RoundRequests[round],
                ChampionCpuMicroseconds = variants[1].RoundCpuMicroseconds[round], ChampionRequests = variants[1].RoundRequests[round],
            });
            progress?.Invoke($"round {round + 1} cpu/request: candidate {rounds[^1].CandidateMicrosecondsPerRequest:0.0} µs, champion {rounds[^1].ChampionMicrosecondsPerRequest:0.0} µs");
            cost = rounds.Count >= 2 ? CostComparison.FromLogRatios(rounds.Select(x => x.LogRatio).ToArray(), policy.MaxRegressionPercent) : null;
            if (round + 1 < minimum) continue;
            if (cost is null || cost.Decision != CostDecision.Undecided) break;
            var elapsed = _time.GetElapsedTime(started);
            if (round + 1 < maximum && elapsed + elapsed / (round + 1) > TimeSpan.FromSeconds(policy.TimeBudgetSeconds))
            {
                notes.Add($"cost comparison undecided after {round + 1} rounds; another round would pass benchmark.timeBudgetSeconds ({policy.TimeBudgetSeconds:0} s)");
                break;
            }
            if (round + 1 < maximum)
                progress?.Invoke($"cost {cost.RegressionPercent:+0.0;-0.0} % (interval {cost.LowerPercent:+0.0;-0.0} … {cost.UpperPercent:+0.0;-0.0} %) straddles the limit {policy.MaxRegressionPercent:0.#} %: one more round");
            else notes.Add($"cost comparison undecided after benchmark.maxRounds ({maximum}) rounds");
        }
        return (rounds, cost);
    }

    /// <summary>
    /// The same warm-up for both: every phase of a round, each for the warm-up time, in alternating order and not measured.
    /// A server's hot paths are compiled (and profiled, with tiered PGO) under the traffic it first sees; with only one
    /// concurrency warmed, a same-cost pair once measured +44 % in every round while one server's throughput still climbed.
    /// </summary>
    private static async Task WarmUpAsync(BenchmarkPlan plan, IReadOnlyList<Variant> variants, CancellationToken ct)
    {
        var phases = Phases(plan, plan.Warmup, ct);
        for (var i = 0; i < phases.Count; i++)
        {
            foreach (var v in i % 2 == 0 ? variants : variants.Reverse())
                await phases[i].Run(v.Generator).ConfigureAwait(false);
        }
    }

    /// <summary>The load of one round per server: each closed-loop concurrency of the policy, then the open-loop rate.</summary>
    private static List<(bool Open, Func<LoadGenerator, Task<LoadResult>> Run)> Phases(BenchmarkPlan plan, TimeSpan duration, CancellationToken ct)
    {
        var phases = plan.Policy.Concurrency
            .Select(c => (false, (Func<LoadGenerator, Task<LoadResult>>)(g => g.RunClosedLoopAsync(new ClosedLoopOptions { Concurrency = c, Duration = duration }, ct))))
            .ToList();
        phases.Add((true, g => g.RunOpenLoopAsync(new OpenLoopOptions
        {
            RatePerSecond = plan.Policy.RatePerSecond, Duration = duration, Connections = plan.OpenLoopConnections,
        }, ct)));
        return phases;
    }
}
