using System.Globalization;
using Pipeline.Bench.Gate;
using Pipeline.Benchmarking.Tests.Support;
using Pipeline.Core.Models;

// BenchmarkGate error rates: real gate runs (A/A: the same model as candidate and champion; A/2A: the candidate spends twice
// the champion's CPU per request) quiet and with one core kept busy, then simulated gate runs that resample the measured rounds.
// Every measured round is appended to rounds-<time>.csv; `sim <file.csv> [runs]` re-simulates from such a file without servers.
// Policy: `models` (default) is the shape of models/*/model.yaml (3 s phases at c = 1, 8, 32, budget 300 s) with the house
// limit +25 %; `short` is the earlier quick policy (1 s phases at c = 8, budget 75 s), noisier per round.
var policyName = args.Length > 3 ? args[3] : "models";
var policy = policyName == "short"
    ? new BenchmarkPolicy
    {
        RatePerSecond = 200, MaxP99Ms = 1000, MaxMemoryMb = 1024, MaxStartupSeconds = 60, MaxRegressionPercent = 25,
        DurationSeconds = 1, Rounds = 3, MaxRounds = 12, TimeBudgetSeconds = 75, Concurrency = [8],
    }
    : new BenchmarkPolicy
    {
        RatePerSecond = 200, MaxP99Ms = 1000, MaxMemoryMb = 1024, MaxStartupSeconds = 60, MaxRegressionPercent = 25,
        DurationSeconds = 3, Rounds = 3, MaxRounds = 12, TimeBudgetSeconds = 300, Concurrency = [1, 8, 32],
    };
if (args.Length > 1 && args[0] == "sim")
{
    var sims = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20_000;
    var rows = File.ReadAllLines(args[1]).Skip(1).Select(l => l.Split(','))
        .Select(f => (Condition: f[0], Row: f[1], LogRatio: double.Parse(f[6], CultureInfo.InvariantCulture))).ToArray();
    foreach (var condition in rows.Select(r => r.Condition).Distinct())
    {
        var aa = rows.Where(r => r.Condition == condition && r.Row == "A/A").Select(r => r.LogRatio).ToArray();
        var a2a = rows.Where(r => r.Condition == condition && r.Row == "A/2A").Select(r => r.LogRatio).ToArray();
        SimulateAll(condition, aa, a2a, sims);
    }
    return;
}
var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 4;
var simulated = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20_000;
var conditions = args.Length > 2 ? args[2] : "both"; // quiet, busy or both
Console.WriteLine($"policy: {policy.RatePerSecond}/s, {policy.DurationSeconds} s per phase, concurrency [{string.Join(", ", policy.Concurrency)}], " +
                  $"rounds {policy.Rounds}..{policy.MaxRounds}, budget {policy.TimeBudgetSeconds} s, limit +{policy.MaxRegressionPercent} %; {runs} real runs per row, {simulated} simulated");
using var launches = new ServingLaunches();
var started = DateTime.UtcNow;
var csv = Path.GetFullPath($"rounds-{started:yyyyMMdd-HHmm}.csv");
foreach (var busy in new[] { false, true }.Where(b => conditions == "both" || conditions == (b ? "busy" : "quiet")))
{
    using var load = busy ? BusyCore.Start() : null;
    var scenario = busy ? "one core busy" : "quiet";
    Console.WriteLine($"--- {scenario} (load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} at start)");
    var aa = await GateRuns.RunAsync(launches, policy, runs, extraCpuMicroseconds: 0);
    GateRuns.Print($"{scenario} A/A", aa);
    GateRuns.Save(csv, scenario, "A/A", aa);
    var champion = aa.SelectMany(r => r.Report.Rounds).Average(r => r.ChampionMicrosecondsPerRequest);
    var a2a = await GateRuns.RunAsync(launches, policy, runs, extraCpuMicroseconds: champion);
    GateRuns.Print($"{scenario} A/2A (+{champion:0} µs CPU per row)", a2a);
    GateRuns.Save(csv, scenario, "A/2A", a2a);
    SimulateAll(scenario, aa.SelectMany(r => r.Report.Rounds).Select(r => r.LogRatio).ToArray(),
        a2a.SelectMany(r => r.Report.Rounds).Select(r => r.LogRatio).ToArray(), simulated);
}
Console.WriteLine($"rounds saved to {csv}; wall time {(DateTime.UtcNow - started).TotalMinutes:0.0} min");

void SimulateAll(string scenario, double[] aaRounds, double[] a2aRounds, int count)
{
    Simulation.Print($"{scenario} simulated A/A from {aaRounds.Length} measured A/A rounds", aaRounds, 0, policy, count, expectFail: false);
    if (a2aRounds.Length > 0) Simulation.Print($"{scenario} simulated A/2A from {a2aRounds.Length} measured A/2A rounds", a2aRounds, 0, policy, count, expectFail: true);
    Simulation.Print($"{scenario} simulated A/2A = A/A rounds + ln 2", aaRounds, Math.Log(2), policy, count, expectFail: true);
    // The same with the A/A rounds' mean removed, in case the measured mean (whichever its sign) was a bias of these launches.
    var centred = aaRounds.Select(x => x - aaRounds.Average()).ToArray();
    Simulation.Print($"{scenario} simulated A/A, rounds centred on 0", centred, 0, policy, count, expectFail: false);
    Simulation.Print($"{scenario} simulated A/2A = centred A/A rounds + ln 2", centred, Math.Log(2), policy, count, expectFail: true);
}
