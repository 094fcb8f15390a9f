using Pipeline.Build;
using Pipeline.Core.Layout;
using Pipeline.Deployment.Release;
using Pipeline.Graph.Tests.Support;
using Pipeline.Registry;
using Pipeline.Registry.Aliases;

namespace Pipeline.Graph.Tests.Release;

/// <summary>
/// The regression and multiclass examples through the real graph, release after release: first release straight to production, a
/// clearly worse candidate stopped by EvaluateGate, a healthy candidate promoted through the canary steps, and a candidate whose
/// predictions shift (force-accepted past the gate) rolled back by the judge. BenchmarkGate runs on the first release; later releases
/// skip it with a recorded reason to keep the test short (it does not depend on the task).
/// </summary>
public sealed class TaskReleaseTests
{
    [Fact]
    public async Task DeployCanary_RegressionModel_FirstWorseHealthyShifted()
    {
        const string model = "diabetes";
        using var repo = new GraphRepository(model);
        MakeQuick(repo, model);

        var first = Release(repo, model, expectedExit: 0);
        Assert.Equal("FirstRelease", ReadRelease(repo, first).Kind);
        var card = ReadText(repo, first, Outputs.ModelCard);
        Assert.Contains("| rmse |", card, StringComparison.Ordinal);
        Assert.Contains("| r2 |", card, StringComparison.Ordinal);
        await AssertServesProductionAsync(repo, model, first);

        // Near-constant predictions (R² ≈ 0): the gate stops it before anything is packaged or registered.
        repo.Edit(model, "alpha: \"1.0\"", "alpha: \"100000\"");
        var worse = Release(repo, model, expectedExit: 1, skipBenchmark: true);
        Assert.Equal(TargetStatus.Failed, worse.Target("EvaluateGate").Status);
        Assert.Matches(@"│ r2 +│[^\n]*│ Fail", worse.Out);
        Assert.Single(await VersionsAsync(repo, model));

        repo.Edit(model, "alpha: \"100000\"", "alpha: \"2.0\"");
        var healthy = Release(repo, model, expectedExit: 0, skipBenchmark: true);
        Assert.Equal("Promoted", ReadRelease(repo, healthy).Kind);
        var comparison = new ArtifactStore(Path.Combine(repo.Root, ".artifacts")).ReadJson<Pipeline.Evaluation.Gate.EvaluationReport>(healthy.Output(Outputs.EvaluationReport)).TaskChampion;
        Assert.NotNull(comparison);
        Assert.True(comparison.NonInferior, $"healthy candidate not non-inferior: {comparison}");
        await AssertServesProductionAsync(repo, model, healthy);

        // Strong shrinkage squeezes the served values towards the mean: the judge sees them leave stable's quantile buckets.
        repo.Edit(model, "alpha: \"2.0\"", "alpha: \"1500\"");
        var shifted = Release(repo, model, expectedExit: 3, skipBenchmark: true, forceAccept: true);
        var rolledBack = ReadRelease(repo, shifted);
        Assert.Equal("RolledBack", rolledBack.Kind);
        Assert.Matches("score_psi|online_log_loss", string.Join(" ", rolledBack.Steps.Select(s => s.Reason)));
        await AssertServesProductionAsync(repo, model, shifted);
    }

    [Fact]
    public async Task DeployCanary_MulticlassModel_FirstWorseHealthyShifted()
    {
        const string model = "digits";
        using var repo = new GraphRepository(model);
        MakeQuick(repo, model);

        var first = Release(repo, model, expectedExit: 0);
        Assert.Equal("FirstRelease", ReadRelease(repo, first).Kind);
        var card = ReadText(repo, first, Outputs.ModelCard);
        Assert.Contains("| macro_f1 |", card, StringComparison.Ordinal);
        Assert.Contains("| class | support | recall |", card, StringComparison.Ordinal);
        await AssertServesProductionAsync(repo, model, first);

        // Heavy L2: near-uniform class probabilities, log loss ≈ ln 10 — stopped by EvaluateGate.
        repo.Edit(model, "l2: \"1.0\"", "l2: \"1000000\"");
        var worse = Release(repo, model, expectedExit: 1, skipBenchmark: true);
        Assert.Equal(TargetStatus.Failed, worse.Target("EvaluateGate").Status);
        Assert.Matches(@"│ log_loss +│[^\n]*│ Fail", worse.Out);
        Assert.Single(await VersionsAsync(repo, model));

        repo.Edit(model, "l2: \"1000000\"", "l2: \"2.0\"");
        var healthy = Release(repo, model, expectedExit: 0, skipBenchmark: true);
        Assert.Equal("Promoted", ReadRelease(repo, healthy).Kind);
        await AssertServesProductionAsync(repo, model, healthy);

        // Force-accepted past the gate, the same heavy-L2 model gives the true class far less probability: the online log loss rolls it back.
        repo.Edit(model, "l2: \"2.0\"", "l2: \"1000000\"");
        var shifted = Release(repo, model, expectedExit: 3, skipBenchmark: true, forceAccept: true);
        Assert.Equal("RolledBack", ReadRelease(repo, shifted).Kind);
        await AssertServesProductionAsync(repo, model, shifted);
    }

    private static GraphRun Release(GraphRepository repo, string model, int expectedExit, bool skipBenchmark = false, bool forceAccept = false)
    {
        var args = new List<string> { "DeployCanary", "--model", model, "--target", "process", "--skip-container-validation" };
        if (skipBenchmark) args.AddRange(["--skip", "BenchmarkGate", "--skip-reason", "task release test: the benchmark ran on the first release"]);
        if (forceAccept) args.AddRange(["--force-accept", "task release test: a shifted candidate for the judge"]);
        var run = repo.Run([.. args]);
        Assert.True(run.ExitCode == expectedExit, $"DeployCanary --model {model} exited {run.ExitCode}, expected {expectedExit}:\n{run}");
        return run;
    }

    /// <summary>The live endpoint answers with what the production version's ONNX file predicts in-process (values, or class probabilities).</summary>
    private static async Task AssertServesProductionAsync(GraphRepository repo, string model, GraphRun run)
    {
        await using var registry = await ModelRegistryFactory.OpenAsync(null, new RepositoryLayout(repo.Root));
        var production = await registry.GetAliasAsync(model, AliasNames.Production);
        Assert.NotNull(production);
        var store = new ArtifactStore(Path.Combine(repo.Root, ".artifacts"));
        var endpoint = ReadRelease(repo, run).Endpoint!;
        var served = await ServedModel.PredictAsync(repo.Root, model, endpoint);
        var expected = ServedModel.Expected(repo.Root, model, store.PathOf(production.ModelDigest));
        Assert.True(ServedModel.Same(served, expected),
            $"{endpoint} serves other predictions than {model} {production.Version}: [{string.Join(", ", served.Take(12))}] vs [{string.Join(", ", expected.Take(12))}]");
    }

    private static async Task<IReadOnlyList<Pipeline.Registry.Versions.ModelVersion>> VersionsAsync(GraphRepository repo, string model)
    {
        await using var registry = await ModelRegistryFactory.OpenAsync(null, new RepositoryLayout(repo.Root));
        return await registry.ListVersionsAsync(model);
    }

    private static ReleaseRecord ReadRelease(GraphRepository repo, GraphRun run) =>
        new ArtifactStore(Path.Combine(repo.Root, ".artifacts")).ReadJson<ReleaseRecord>(run.Output(Outputs.Release));

    private static string ReadText(GraphRepository repo, GraphRun run, BlobOutput output) =>
        new ArtifactStore(Path.Combine(repo.Root, ".artifacts")).ReadText(run.Output(output));

    /// <summary>Short benchmark and canary steps and latency margins wide enough for a busy 2-core machine; the prediction-shift and
    /// quality thresholds stay the example's own.</summary>
    private static void MakeQuick(GraphRepository repo, string model)
    {
        repo.SetSection(model, "benchmark", """
              ratePerSecond: 50
              maxP99Ms: 2000
              maxMemoryMb: 2000
              maxStartupSeconds: 60
              maxRegressionPercent: 1000
              durationSeconds: 1
              rounds: 2
              concurrency: [1, 4]
            """);
        repo.Edit(model, "steps: [10, 50, 100]", "steps: [50, 100]");
        repo.Edit(model, "maxStepSeconds: 20", "maxStepSeconds: 30");
        repo.Edit(model, "maxP99LatencyIncreaseMs: 50", "maxP99LatencyIncreaseMs: 2000");
        repo.Edit(model, "maxErrorRateIncrease: 0.01", "maxErrorRateIncrease: 0.2");
    }
}
