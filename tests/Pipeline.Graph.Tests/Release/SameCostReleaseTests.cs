using Pipeline.Benchmarking.Gate;
using Pipeline.Build;
using Pipeline.Graph.Tests.Support;
using Pipeline.Registry.Aliases;

namespace Pipeline.Graph.Tests.Release;

/// <summary>
/// Issue 26: a model whose cost equals the champion's (the same graph with other weights) is released twice in a row through the
/// real graph, each time measured by BenchmarkGate against the production version it replaces, with the house regression limit
/// (+25 %) and short phases on a busy machine. A gate that fails a model for being itself blocks deployments for nothing.
/// (The regression and multiclass examples each release one same-cost model against the limit in <see cref="TaskReleaseTests"/>.)
/// </summary>
public sealed class SameCostReleaseTests
{
    [Fact]
    public async Task DeployCanary_SameCostModelTwiceInARow_BenchmarkGatePassesAgainstTheChampion()
    {
        const string model = "fraud-detector";
        var original = "l2: \"1.0\"";
        using var repo = new GraphRepository(model);
        repo.UseHouseCostLimit(model);
        repo.MakeRolloutQuick(model);

        var first = Release(repo, model);
        Assert.Null(repo.ReadJson(first, Outputs.BenchmarkReport).Cost); // no champion yet: nothing to compare with

        var previous = first;
        foreach (var weights in new[] { "l2: \"1.3\"", "l2: \"1.6\"" })
        {
            repo.Edit(model, original, weights);
            original = weights;
            await using (var registry = await repo.OpenRegistryAsync())
            {
                var champion = await registry.GetAliasAsync(model, AliasNames.Production);
                Assert.Equal(previous.Output(Outputs.MeasuredModel).Digest, champion!.ModelDigest);
            }

            var run = Release(repo, model);

            var report = repo.ReadJson(run, Outputs.BenchmarkReport);
            Assert.NotEqual(previous.Output(Outputs.MeasuredModel).Digest, run.Output(Outputs.MeasuredModel).Digest);
            Assert.NotNull(report.Cost);
            Assert.True(report.Cost.Decision != CostDecision.Regressed,
                $"{model} {weights}: a same-cost model was judged regressed: {report.Cost}\n{run.Out}");
            Assert.True(report.Cost.Rounds >= 3, $"judged on {report.Cost.Rounds} rounds");
            var check = report.Verdict.Checks.Single(c => c.Metric == "cpu_per_request_regression_%");
            Assert.Contains($"{report.Cost.Rounds} rounds", check.Observed, StringComparison.Ordinal);
            Assert.Contains("detectable >=", check.Observed, StringComparison.Ordinal);
            Assert.Equal("Promoted", repo.ReadRelease(run).Kind);
            previous = run;
        }
    }

    private static GraphRun Release(GraphRepository repo, string model)
    {
        var run = repo.Run("DeployCanary", "--model", model, "--target", "process", "--skip-container-validation");
        Assert.True(run.ExitCode == 0, $"DeployCanary --model {model} failed:\n{run}");
        Assert.Equal(TargetStatus.Succeeded, run.Target("BenchmarkGate").Status);
        return run;
    }
}
