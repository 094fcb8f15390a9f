using System.Diagnostics;
using System.Globalization;
using Pipeline.Benchmarking.Gate;
using Pipeline.Benchmarking.Tests.Support;
using Pipeline.Core.Models;
using Pipeline.Core.Verdicts;

namespace Pipeline.Bench.Gate;

/// <summary>Real BenchmarkGate runs against the real server, and a one-line summary of them.</summary>
internal static class GateRuns
{
    public sealed record Run(BenchmarkReport Report, TimeSpan Elapsed, bool ChampionStartedFirst);

    /// <summary>Runs the gate <paramref name="count"/> times; every second run launches the champion first, to see launch-order effects.</summary>
    public static async Task<List<Run>> RunAsync(ServingLaunches launches, BenchmarkPolicy policy, int count, double extraCpuMicroseconds)
    {
        var result = new List<Run>();
        for (var i = 0; i < count; i++)
        {
            var clock = Stopwatch.StartNew();
            var championFirst = i % 2 == 1;
            var report = await new BenchmarkGate().RunAsync(new BenchmarkPlan
            {
                Subject = $"run {i + 1}",
                Candidate = extraCpuMicroseconds > 0 ? launches.Costly(extraCpuMicroseconds) : launches.Default(),
                Champion = launches.Default("champion", "1"),
                ChampionStartsFirst = championFirst,
                RequestBodies = ServingLaunches.Bodies(), Policy = policy, Warmup = TimeSpan.FromSeconds(1),
            });
            result.Add(new Run(report, clock.Elapsed, championFirst));
            var cost = report.Verdict.Checks.Single(c => c.Metric == "cpu_per_request_regression_%");
            Console.WriteLine($"  {(report.Verdict.Passed ? "pass" : "FAIL")} in {clock.Elapsed.TotalSeconds:0} s ({(championFirst ? "champion" : "candidate")} launched first): {cost.Observed}" +
                              string.Concat(report.Verdict.Failures.Where(c => c != cost).Select(c => $"; also failed {c.Metric} {c.Observed}")));
        }
        return result;
    }

    public static void Print(string name, IReadOnlyList<Run> runs)
    {
        var failed = runs.Count(r => !r.Report.Verdict.Passed);
        var costFailed = runs.Count(r => r.Report.Verdict.Checks.Any(c => c.Metric == "cpu_per_request_regression_%" && c.Outcome == CheckOutcome.Fail));
        var rounds = runs.Select(r => r.Report.Rounds.Count).ToArray();
        var ratios = runs.SelectMany(r => r.Report.Rounds).Select(r => r.LogRatio).ToArray();
        var sd = Math.Sqrt(ratios.Sum(x => Math.Pow(x - ratios.Average(), 2)) / Math.Max(1, ratios.Length - 1));
        Console.WriteLine($"{name,-48} real runs={runs.Count} gate failed={failed} (cost check failed={costFailed}) rounds {rounds.Min()}..{rounds.Max()} " +
                          $"(mean {rounds.Average():0.0}) per-round log-ratio mean {ratios.Average():+0.000;-0.000} sd {sd:0.000}; mean {runs.Average(r => r.Elapsed.TotalSeconds):0} s per run");
        // Where an offset comes from: the launch order (fixed for a run) and who ran first within the round (flips every round).
        Console.WriteLine($"{"",-48} per-round log-ratio mean by launch order: candidate first {Mean(runs.Where(r => !r.ChampionStartedFirst).SelectMany(r => r.Report.Rounds))}, " +
                          $"champion first {Mean(runs.Where(r => r.ChampionStartedFirst).SelectMany(r => r.Report.Rounds))}; " +
                          $"by order in the round: candidate first {Mean(runs.SelectMany(r => r.Report.Rounds).Where(r => r.CandidateFirst))}, " +
                          $"champion first {Mean(runs.SelectMany(r => r.Report.Rounds).Where(r => !r.CandidateFirst))}");
    }

    private static string Mean(IEnumerable<RoundCost> rounds)
    {
        var r = rounds.Select(x => x.LogRatio).ToArray();
        return r.Length == 0 ? "n/a" : $"{r.Average():+0.000;-0.000} ({r.Length} rounds)";
    }

    /// <summary>Appends every measured round to a CSV (condition, row, run, launch order, round, order in round, log-ratio) for re-simulation.</summary>
    public static void Save(string path, string condition, string row, IReadOnlyList<Run> runs)
    {
        var fresh = !File.Exists(path);
        using var w = File.AppendText(path);
        if (fresh) w.WriteLine("condition,row,run,champion_launched_first,round,candidate_first_in_round,log_ratio");
        for (var i = 0; i < runs.Count; i++)
            foreach (var r in runs[i].Report.Rounds)
                w.WriteLine(string.Join(',', condition, row, i + 1, runs[i].ChampionStartedFirst, r.Round, r.CandidateFirst,
                    r.LogRatio.ToString("R", CultureInfo.InvariantCulture)));
    }
}
