using System.Globalization;
using Pipeline.Core.Models;
using Pipeline.Deployment.Judge;
using Pipeline.Deployment.Judge.Simulation;

namespace Pipeline.Bench.Judge;

/// <summary>The classic scenarios: A/A, doubled errors, an error burst, added latency and shifted scores at 200 requests/s.</summary>
internal static class Scenarios
{
    public static void Run(int runs)
    {
        var policy = new RolloutPolicy { Steps = [10, 25, 50, 100], MinRequestsPerStep = 150, MaxErrorRateIncrease = 0.02, MaxStepSeconds = 30 };
        var settings = JudgeSettings.From(policy);
        var baseline = new RolloutScenario { RequestsPerSecond = 200 };
        void Report(string name, RolloutScenario scenario, bool expectRollback)
        {
            var outcomes = Enumerable.Range(0, runs).Select(seed => RolloutSimulator.Run(settings, scenario, seed)).ToList();
            var rolledBack = outcomes.Where(o => o.Decision.Action == JudgeAction.Rollback).ToList();
            var decided = expectRollback ? rolledBack : outcomes.Where(o => o.Decision.Action == JudgeAction.Promote).ToList();
            var mean = decided.Count == 0 ? double.NaN : decided.Average(o => (o.SinceFaultOnset ?? o.Duration).TotalSeconds);
            var max = decided.Count == 0 ? double.NaN : decided.Max(o => (o.SinceFaultOnset ?? o.Duration).TotalSeconds);
            var byMetric = rolledBack.SelectMany(o => o.Decision.Metrics.Where(m => m.Status == MetricStatus.Breached).Select(m => m.Metric))
                .GroupBy(m => m).Select(g => $"{g.Key}={g.Count()}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-50} runs={runs} rollback={(double)rolledBack.Count / runs:P1} ({rolledBack.Count}) {(expectRollback ? "mean/max time from fault to decision" : "mean/max time to promote")}={mean:F1}s/{max:F1}s breaches: {string.Join(", ", byMetric)}"));
        }
        Report("A/A (identical models)", baseline, expectRollback: false);
        Report("canary with 2x baseline error rate (2 % -> 4 %)", baseline with
        {
            Stable = new SimulatedVariant { ErrorRate = 0.02 }, Canary = new SimulatedVariant { ErrorRate = 0.04 },
        }, expectRollback: true);
        Report("canary with 20 % errors from 5 s in", baseline with { Canary = new SimulatedVariant { ErrorRate = 0.2 }, FaultOnset = TimeSpan.FromSeconds(5) }, expectRollback: true);
        Report("canary +200 ms latency", baseline with { Canary = new SimulatedVariant { ExtraLatencySeconds = 0.2 } }, expectRollback: true);
        Report("canary scores shifted", baseline with { Canary = new SimulatedVariant { ScoreAlpha = 3, ScoreBeta = 6 } }, expectRollback: true);
    }
}
