using Pipeline.Benchmarking.Gate;
using Pipeline.Core.Models;

namespace Pipeline.Bench.Gate;

/// <summary>
/// Gate runs simulated from measured rounds: each run draws rounds with replacement from the measured per-round log-ratios
/// (shifted by a chosen true effect) and stops as the gate does: at least the policy's rounds, more while undecided, at most maxRounds.
/// </summary>
internal static class Simulation
{
    public static void Print(string name, IReadOnlyList<double> measured, double shift, BenchmarkPolicy policy, int runs, bool expectFail)
    {
        var random = new Random(26);
        var failed = 0;
        var rounds = 0L;
        for (var run = 0; run < runs; run++)
        {
            var drawn = new List<double>();
            CostComparison? cost = null;
            while (drawn.Count < policy.MaxRounds && (drawn.Count < policy.Rounds || cost!.Decision == CostDecision.Undecided))
            {
                drawn.Add(measured[random.Next(measured.Count)] + shift);
                if (drawn.Count >= 2) cost = CostComparison.FromLogRatios(drawn, policy.MaxRegressionPercent);
            }
            rounds += drawn.Count;
            if (cost!.Decision == CostDecision.Regressed) failed++;
        }
        Console.WriteLine($"{name,-64} runs={runs} failed={100.0 * failed / runs:0.00} % ({failed}) {(expectFail ? "detection" : "false failure")}; mean rounds {(double)rounds / runs:0.0}");
    }
}
