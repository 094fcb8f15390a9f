using System.Globalization;
using Pipeline.Core.Models;
using Pipeline.Deployment.Judge;
using Pipeline.Deployment.Judge.Simulation;

namespace Pipeline.Bench.Judge;

/// <summary>Issue 19's grid: traffic × base error × latency tail × first step; per cell the A/A false-rollback and inconclusive shares,
/// detection of a doubled error rate, and the A/A time to promote against the plan's SPRT expectation at that traffic.</summary>
internal static class Grid
{
    private static readonly double[] Rates = [5, 20, 200, 2000];
    private static readonly double[] BaseErrors = [0.001, 0.01, 0.05];
    private static readonly (string Name, double Median, double Sigma)[] Tails = [("light", 0.004, 0.5), ("heavy", 0.010, 1.2)];
    private static readonly List<double>[] StepSets = [[1, 10, 50, 100], [5, 25, 50, 100]];

    /// <param name="only">Optional cell filter, e.g. "200/0.001": one traffic rate and base error (to iterate on a few cells).</param>
    public static void Run(int runs, string? only = null)
    {
        var filter = only?.Split('/') is [var r, var e] ? (Rate: double.Parse(r, CultureInfo.InvariantCulture), Error: double.Parse(e, CultureInfo.InvariantCulture)) : ((double Rate, double Error)?)null;
        Console.WriteLine();
        Console.WriteLine($"grid: {runs} runs per cell and scenario; MinRequestsPerStep 150, MaxStepSeconds 60, budget 30 min, detectable effect a doubled error rate, false-rollback budget 1 %");
        Console.WriteLine("rate/s | base err | tail  | steps        | A/A rollback | A/A inconclusive | 2x detected | 2x decidable | promote mean | plan expects | ratio");
        var worst = 0.0;
        foreach (var steps in StepSets)
        foreach (var rate in Rates)
        foreach (var error in BaseErrors)
        foreach (var tail in Tails)
        {
            if (filter is { } f && (f.Rate != rate || f.Error != error)) continue;
            var policy = new RolloutPolicy
            {
                Steps = steps, MinRequestsPerStep = 150, MaxStepSeconds = 60, MaxRolloutMinutes = 30, MaxErrorRateIncrease = 0, FalseRollbackBudget = 0.01,
            };
            var settings = JudgeSettings.From(policy);
            var stable = new SimulatedVariant { ErrorRate = error, LatencyMedianSeconds = tail.Median, LatencySigma = tail.Sigma };
            var scenario = new RolloutScenario
            {
                RequestsPerSecond = rate, Stable = stable, Canary = stable, PlanWindow = TimeSpan.FromSeconds(3),
                MaxDuration = settings.MaxRolloutDuration + TimeSpan.FromMinutes(1),
            };
            var plan = RolloutPlanner.Plan(settings, rate, error);
            var aa = Outcomes(settings, scenario, runs);
            var doubled = Outcomes(settings, scenario with { Canary = stable with { ErrorRate = 2 * error } }, runs);
            var falseRollback = Share(aa, JudgeAction.Rollback);
            if (Environment.GetEnvironmentVariable("GRID_DIAG") is not null)
                foreach (var miss in doubled.Where(o => o.Decision.Action != JudgeAction.Rollback).Take(6))
                    Console.WriteLine($"  miss: {miss.Decision.Action} after {miss.Duration.TotalSeconds:0}s: {miss.Decision.Reason} | " +
                        string.Join("; ", miss.Decision.Metrics.Select(m => $"{m.Metric}={m.Status} {m.Canary} n={m.CanarySamples} {m.Threshold} {m.Statistic}")));
            worst = Math.Max(worst, falseRollback);
            var promoted = aa.Where(o => o.Decision.Action == JudgeAction.Promote).ToList();
            // From the first step: the plan's window comes before it, and the plan's expectation starts there.
            var promoteMean = promoted.Count == 0 ? double.NaN : promoted.Average(o => (o.Duration - scenario.PlanWindow).TotalSeconds);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{rate,6} | {error,8:P1} | {tail.Name,-5} | {string.Join("/", steps),-12} | {falseRollback,12:P1} | {Share(aa, JudgeAction.Inconclusive),16:P1} | " +
                $"{Share(doubled, JudgeAction.Rollback),11:P1} | {(plan.DetectionSeconds(2) is { } d ? $"yes ~{plan.DetectionSeconds()!.Value:0} s" : "no"),12} | " +
                $"{Seconds(promoteMean),12} | {Seconds(plan.ExpectedSeconds),12} | {(promoted.Count == 0 || !plan.FitsBudget ? "-" : (promoteMean / plan.ExpectedSeconds).ToString("0.00", CultureInfo.InvariantCulture)),5}"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"worst A/A false-rollback share over the grid: {worst:P1}"));
    }

    private static List<RolloutOutcome> Outcomes(JudgeSettings settings, RolloutScenario scenario, int runs) =>
        Enumerable.Range(0, runs).AsParallel().WithDegreeOfParallelism(2).Select(seed => RolloutSimulator.Run(settings, scenario, seed)).ToList();

    private static double Share(List<RolloutOutcome> outcomes, JudgeAction action) => (double)outcomes.Count(o => o.Decision.Action == action) / outcomes.Count;

    private static string Seconds(double s) => double.IsNaN(s) ? "-" : double.IsInfinity(s) ? "never" : s.ToString("0", CultureInfo.InvariantCulture) + " s";
}
