using Pipeline.Benchmarking.Gate;
using Pipeline.Benchmarking.Tests.Support;
using Pipeline.Core.Models;
using Pipeline.Core.Verdicts;
using Xunit.Abstractions;

namespace Pipeline.Benchmarking.Tests.Gate;

public sealed class BenchmarkGateTests(ITestOutputHelper output) : IDisposable
{
    private readonly ServingLaunches _launches = new();

    // Generous limits: the test machine is shared and noisy. The slow model sleeps 600 ms per call, so it cannot meet them by luck.
    private static readonly BenchmarkPolicy Policy = new()
    {
        RatePerSecond = 100, MaxP99Ms = 400, MaxMemoryMb = 600, MaxStartupSeconds = 30, MaxRegressionPercent = 300,
        DurationSeconds = 1, Rounds = 3, MaxRounds = 6, TimeBudgetSeconds = 60, Concurrency = [1, 8],
    };

    private const string CostMetric = "cpu_per_request_regression_%";

    private BenchmarkGate Gate() => new(progress: output.WriteLine);

    private void Show(BenchmarkReport report)
    {
        foreach (var c in report.Verdict.Checks) output.WriteLine($"{c.Outcome,-5} {c.Metric,-24} {c.Observed,-40} {c.Threshold}");
        foreach (var n in report.Verdict.Notes) output.WriteLine($"note: {n}");
    }

    [Fact]
    public async Task Run_DefaultModelWithChampion_PassesWithEveryCheck()
    {
        var report = await Gate().RunAsync(new BenchmarkPlan
        {
            Subject = "fraud-detector 2", Candidate = _launches.Default(), Champion = _launches.Default("champion", "1"),
            RequestBodies = ServingLaunches.Bodies(), Policy = Policy, Warmup = TimeSpan.FromMilliseconds(500),
        });
        Show(report);
        Assert.True(report.Verdict.Passed, "the default model should meet the SLA");
        var metrics = report.Verdict.Checks.Select(c => c.Metric).ToArray();
        Assert.Contains("p99_ms@100rps", metrics);
        Assert.Contains("errors", metrics);
        Assert.Contains("peak_rss_mb", metrics);
        Assert.Contains("startup_s", metrics);
        Assert.Contains("model_load_ms", metrics);
        Assert.Contains("throughput_rps@c8", metrics);
        Assert.Contains(CostMetric, metrics);
        Assert.Contains("p99_vs_champion@100rps", metrics);
        var candidate = report.Candidate!;
        var rounds = report.Rounds.Count;
        Assert.InRange(rounds, 3, 6);
        Assert.Equal(rounds, report.Cost!.Rounds);
        Assert.Equal(rounds * 2, candidate.Sweep.Count);        // 2 concurrencies per round
        Assert.Equal(rounds, candidate.OpenLoop.Count);
        Assert.Equal(100 * rounds, candidate.OpenLoopLatency.Count);  // 100/s × 1 s per round
        Assert.True(candidate.PeakRssMb > 10);
        Assert.True(candidate.ModelLoadMs > 0);
        Assert.True(candidate.CpuMicrosecondsPerRequest > 0);
        Assert.All(report.Rounds, r => Assert.True(r.CandidateRequests > 0 && r.ChampionCpuMicroseconds > 0));
        Assert.Equal([true, false, true], report.Rounds.Take(3).Select(r => r.CandidateFirst));
        Assert.StartsWith("<svg", report.Svg);
        Assert.Contains($"candidate: n={100 * rounds}", report.Svg);
        Assert.Contains($"champion: n={100 * rounds}", report.Svg);
    }

    // Issue 26: v2 = v1's graph with other weights failed on a per-request p99 interval. The same model as candidate and
    // champion must pass on cost, twice in a row, even at the house limit of 25 % rather than this class's generous 300 %.
    // The absolute p99 SLA is loosened further: it is not what this test is about, and a build on the other core can stall
    // a single open-loop second by hundreds of milliseconds.
    [Fact]
    public async Task Run_SameCostModelTwiceInARow_PassesBothTimesWithNoRegression()
    {
        for (var run = 1; run <= 2; run++)
        {
            var report = await Gate().RunAsync(new BenchmarkPlan
            {
                Subject = $"fraud-detector 2 (same cost, run {run})", Candidate = _launches.Default(), Champion = _launches.Default("champion", "1"),
                RequestBodies = ServingLaunches.Bodies(), Policy = Policy with { MaxRegressionPercent = 25, MaxP99Ms = 5000, Concurrency = [8] },
                Warmup = TimeSpan.FromMilliseconds(500),
            });
            Show(report);
            Assert.True(report.Verdict.Passed,
                $"run {run}: a model that costs what the champion costs must pass; failed: {string.Join("; ", report.Verdict.Failures.Select(c => $"{c.Metric} {c.Observed}"))}");
            var cost = report.Verdict.Checks.Single(c => c.Metric == CostMetric);
            Assert.NotEqual(CheckOutcome.Fail, cost.Outcome);
            Assert.Contains("rounds", cost.Observed);
            Assert.Contains("detectable", cost.Observed);
            Assert.True(cost.SampleSize >= 3, $"run {run}: the verdict rests on {cost.SampleSize} rounds, fewer than the policy's 3");
        }
    }

    [Fact]
    public async Task Run_ModelMadeCostlierOnPurpose_FailsCostRegression()
    {
        // 300 µs of CPU per row on top of a model whose whole request costs well under 100 µs: several times the champion's cost.
        var report = await Gate().RunAsync(new BenchmarkPlan
        {
            Subject = "fraud-detector 3 (costly)", Candidate = _launches.Costly(300), Champion = _launches.Default("champion", "1"),
            RequestBodies = ServingLaunches.Bodies(), Policy = Policy with { MaxRegressionPercent = 50, Concurrency = [8] },
            Warmup = TimeSpan.FromMilliseconds(500),
        });
        Show(report);
        Assert.False(report.Verdict.Passed);
        var cost = report.Verdict.Checks.Single(c => c.Metric == CostMetric);
        Assert.Equal(CheckOutcome.Fail, cost.Outcome);
        Assert.StartsWith("costlier", cost.Observed);
        Assert.Contains("benchmark.maxRegressionPercent", cost.Detail);
        Assert.True(report.Cost!.LowerPercent > 50);
    }

    [Fact]
    public async Task Run_ModelMadeSlowOnPurpose_FailsLatency()
    {
        var report = await Gate().RunAsync(new BenchmarkPlan
        {
            Subject = "fraud-detector 3 (slow)", Candidate = _launches.Slow(600), Champion = _launches.Default("champion", "1"),
            RequestBodies = ServingLaunches.Bodies(), Policy = Policy with { Concurrency = [4], MaxRounds = 3 }, Warmup = TimeSpan.FromMilliseconds(300),
        });
        Show(report);
        Assert.False(report.Verdict.Passed);
        var p99 = report.Verdict.Checks.Single(c => c.Metric == "p99_ms@100rps");
        Assert.Equal(CheckOutcome.Fail, p99.Outcome);
        Assert.True(p99.Value >= 600, $"p99 {p99.Value} ms should include the 600 ms the model sleeps");
        Assert.Contains("benchmark.maxP99Ms", p99.Detail);
    }

    [Fact]
    public async Task Run_ServerThatCannotStart_FailsStartupWithItsOutput()
    {
        var broken = _launches.Default() with { Arguments = [ServingLaunches.Executable, "--model", "/nonexistent.onnx", "--config", _launches.ConfigFile, "--port", "0"] };
        var report = await Gate().RunAsync(new BenchmarkPlan
        {
            Subject = "broken", Candidate = broken, RequestBodies = ServingLaunches.Bodies(), Policy = Policy, StartTimeout = TimeSpan.FromSeconds(30),
        });
        var check = Assert.Single(report.Verdict.Checks);
        Assert.Equal(CheckOutcome.Fail, check.Outcome);
        Assert.Contains("/nonexistent.onnx", check.Detail);
    }

    // The CI run of 2026-12-07 01:00: a same-cost release failed at +52 % CPU. The fraud model's batching probe saved ~9.5 µs per row
    // against the then 10 µs threshold (now 25), so under load it decided "on" for one server and "off" for the other. Any threshold
    // has models near it: here the two servers are made to decide differently on purpose (thresholds 0 and 10^6 µs), and the gate
    // must measure the candidate with the champion's choice.
    [Fact]
    public async Task Run_BatchingDecidedDifferently_CandidateMeasuredWithTheChampionsChoice()
    {
        var report = await Gate().RunAsync(new BenchmarkPlan
        {
            Subject = "fraud-detector 2 (batching differs)",
            Candidate = _launches.Default("candidate", "2", "--batching-min-saving-us", "0"),
            Champion = _launches.Default("champion", "1", "--batching-min-saving-us", "1000000"),
            RequestBodies = ServingLaunches.Bodies(), Policy = Policy with { MaxP99Ms = 5000, Concurrency = [8], Rounds = 3, MaxRounds = 3 },
            Warmup = TimeSpan.FromMilliseconds(300),
        });
        Show(report);
        var note = Assert.Single(report.Verdict.Notes, n => n.StartsWith("batching decided differently", StringComparison.Ordinal));
        Assert.Contains("candidate on:", note, StringComparison.Ordinal);
        Assert.Contains("champion off:", note, StringComparison.Ordinal);
        Assert.Contains("measured with the champion's choice (--batching off)", note, StringComparison.Ordinal);
        Assert.NotNull(report.Cost);
        Assert.Equal(CheckOutcome.Pass, Assert.Single(report.Verdict.Checks, c => c.Metric == CostMetric).Outcome);
    }

    [Fact]
    public void WithBatching_ReplacesAnEarlierValue()
    {
        var launch = _launches.Default("candidate", "2", "--batching", "auto", "--max-batch", "8").WithBatching(false);
        Assert.Equal(["--max-batch", "8", "--batching", "off"], launch.Arguments.TakeLast(4));
        Assert.Single(launch.Arguments, a => a == "--batching");
    }

    public void Dispose() => _launches.Dispose();
}
