using Pipeline.Benchmarking.Gate;
using Pipeline.Core.Models;

namespace Pipeline.Bench.Gate;

/// <summary>
/// Gate runs simulated from measured rounds: each run draws rounds with replacement from the measured per-round log-ratios
/// (shifted by a chosen true effect) and stops as the gate does: at least the policy's rounds, more while undecided, at most maxRounds.
/// Printed for the gate's rule (fail on the 95 % interval, pass on the 90 %) and for the earlier rule (both on the 90 %).
/// </summary>
internal static class Simulation
{
    public static void Print(string name, IReadOnlyList<double> measured, double shift, BenchmarkPolicy policy, int runs, bool expectFail)
    {
        var now = Rate(measured, shift, policy, runs, failConfidence: 0.95);
        var before = Rate(measured, shift, policy, runs, failConfidence: 0.90);
        Console.WriteLine($"{name,-64} runs={runs} failed={now.Percent:0.00} % ({now.Failed}) {(expectFail ? "detection" : "false failure")}; mean rounds {now.Rounds:0.0}" +
                          $" | fail on 90 % (earlier rule): {before.Percent:0.00} % ({before.Failed}), mean rounds {before.Rounds:0.0}");
    }

    private static (double Percent, int Failed, double Rounds) Rate(IReadOnlyList<double> measured, double shift, BenchmarkPolicy policy, int runs, double failConfidence)
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
                if (drawn.Count >= 2) cost = CostComparison.FromLogRatios(drawn, policy.MaxRegressionPercent, failConfidence: failConfidence);
            }
            rounds += drawn.Count;
            if (cost!.Decision == CostDecision.Regressed) failed++;
        }
        return (100.0 * failed / runs, failed, (double)rounds / runs);
    }
}
