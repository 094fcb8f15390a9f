using System.Globalization;
using Pipeline.Bench.Gate;
using Pipeline.Benchmarking.Gate;
using Pipeline.Benchmarking.Tests.Support;
using Pipeline.Core.Models;

// BenchmarkGate error rates: real gate runs (A/A: the same model as candidate and champion; A/2A: the candidate spends twice
// the champion's CPU per request) quiet and with one core kept busy, then simulated gate runs that resample the measured rounds.
var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 4;
var simulated = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20_000;
var policy = new BenchmarkPolicy
{
    RatePerSecond = 200, MaxP99Ms = 1000, MaxMemoryMb = 1024, MaxStartupSeconds = 60, MaxRegressionPercent = 25,
    DurationSeconds = 1, Rounds = 3, MaxRounds = 12, TimeBudgetSeconds = 75, Concurrency = [8],
};
Console.WriteLine($"policy: {policy.RatePerSecond}/s, {policy.DurationSeconds} s per phase, concurrency [{string.Join(", ", policy.Concurrency)}], " +
                  $"rounds {policy.Rounds}..{policy.MaxRounds}, budget {policy.TimeBudgetSeconds} s, limit +{policy.MaxRegressionPercent} %; {runs} real runs per row, {simulated} simulated");
using var launches = new ServingLaunches();
var started = DateTime.UtcNow;
foreach (var busy in new[] { false, true })
{
    using var load = busy ? BusyCore.Start() : null;
    var scenario = busy ? "one core busy" : "quiet";
    Console.WriteLine($"--- {scenario} (load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} at start)");
    var aa = await GateRuns.RunAsync(launches, policy, runs, extraCpuMicroseconds: 0);
    GateRuns.Print($"{scenario} A/A", aa);
    var champion = aa.SelectMany(r => r.Report.Rounds).Average(r => r.ChampionMicrosecondsPerRequest);
    var a2a = await GateRuns.RunAsync(launches, policy, runs, extraCpuMicroseconds: champion);
    GateRuns.Print($"{scenario} A/2A (+{champion:0} µs CPU per row)", a2a);
    var aaRounds = aa.SelectMany(r => r.Report.Rounds).Select(r => r.LogRatio).ToArray();
    var a2aRounds = a2a.SelectMany(r => r.Report.Rounds).Select(r => r.LogRatio).ToArray();
    Simulation.Print($"{scenario} simulated A/A from {aaRounds.Length} measured A/A rounds", aaRounds, 0, policy, simulated, expectFail: false);
    Simulation.Print($"{scenario} simulated A/2A from {a2aRounds.Length} measured A/2A rounds", a2aRounds, 0, policy, simulated, expectFail: true);
    Simulation.Print($"{scenario} simulated A/2A = A/A rounds + ln 2", aaRounds, Math.Log(2), policy, simulated, expectFail: true);
    // The same with the A/A rounds' mean removed, in case the measured mean (whichever its sign) was a bias of these launches.
    var centred = aaRounds.Select(x => x - aaRounds.Average()).ToArray();
    Simulation.Print($"{scenario} simulated A/A, rounds centred on 0", centred, 0, policy, simulated, expectFail: false);
    Simulation.Print($"{scenario} simulated A/2A = centred A/A rounds + ln 2", centred, Math.Log(2), policy, simulated, expectFail: true);
}
Console.WriteLine($"wall time {(DateTime.UtcNow - started).TotalMinutes:0.0} min");
