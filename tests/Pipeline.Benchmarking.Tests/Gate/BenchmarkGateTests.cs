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
        DurationSeconds = 1, Rounds = 2, Concurrency = [1, 8],
    };

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
        Assert.Contains("p99_regression_%@100rps", metrics);
        var candidate = report.Candidate!;
        Assert.Equal(4, candidate.Sweep.Count);                 // 2 rounds × 2 concurrencies
        Assert.Equal(2, candidate.OpenLoop.Count);
        Assert.Equal(200, candidate.OpenLoopLatency.Count);     // 100/s × 1 s × 2 rounds
        Assert.True(candidate.PeakRssMb > 10);
        Assert.True(candidate.ModelLoadMs > 0);
        Assert.NotNull(report.P99Ratio);
        Assert.StartsWith("<svg", report.Svg);
        Assert.Contains("candidate: n=200", report.Svg);
        Assert.Contains("champion: n=200", report.Svg);
    }

    [Fact]
    public async Task Run_ModelMadeSlowOnPurpose_FailsLatencyAndRegression()
    {
        var report = await Gate().RunAsync(new BenchmarkPlan
        {
            Subject = "fraud-detector 3 (slow)", Candidate = _launches.Slow(600), Champion = _launches.Default("champion", "1"),
            RequestBodies = ServingLaunches.Bodies(), Policy = Policy with { Concurrency = [4] }, Warmup = TimeSpan.FromMilliseconds(300),
        });
        Show(report);
        Assert.False(report.Verdict.Passed);
        var p99 = report.Verdict.Checks.Single(c => c.Metric == "p99_ms@100rps");
        Assert.Equal(CheckOutcome.Fail, p99.Outcome);
        Assert.True(p99.Value >= 600, $"p99 {p99.Value} ms should include the 600 ms the model sleeps");
        Assert.Equal(CheckOutcome.Fail, report.Verdict.Checks.Single(c => c.Metric.StartsWith("p99_regression_%", StringComparison.Ordinal)).Outcome);
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

    public void Dispose() => _launches.Dispose();
}
