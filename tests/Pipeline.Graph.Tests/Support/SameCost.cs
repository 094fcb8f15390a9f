using Pipeline.Benchmarking.Gate;
using Pipeline.Build;

namespace Pipeline.Graph.Tests.Support;

/// <summary>
/// Issue 26: a candidate with the champion's graph and other weights costs what the champion costs; BenchmarkGate must have
/// compared it with the champion over rounds and not judged it costlier than the limit.
/// </summary>
public static class SameCost
{
    public static void AssertPassed(GraphRepository repo, GraphRun run)
    {
        Assert.Equal(TargetStatus.Succeeded, run.Target("BenchmarkGate").Status);
        var report = repo.ReadJson(run, Outputs.BenchmarkReport);
        Assert.NotNull(report.Cost);
        Assert.True(report.Cost.Decision != CostDecision.Regressed, $"a same-cost candidate was judged regressed: {report.Cost}\n{run.Out}");
        Assert.True(report.Cost.Rounds >= 3, $"judged on {report.Cost.Rounds} rounds");
        var check = report.Verdict.Checks.Single(c => c.Metric == "cpu_per_request_regression_%");
        Assert.Contains($"{report.Cost.Rounds} rounds", check.Observed, StringComparison.Ordinal);
        Assert.Contains("detectable >=", check.Observed, StringComparison.Ordinal);
    }
}
