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
/// predictions shift (force-accepted past the gate) rolled back by the judge. BenchmarkGate runs on the first release and on the healthy
/// one (same graph, other weights: it must pass the house cost limit against the champion); the worse and shifted releases skip it
/// with a recorded reason to keep the test short.
/// </summary>
public sealed class TaskReleaseTests
{
    /// <summary>One task example's release story: the parameter edited in its model.yaml and its values for the first, worse,
    /// healthy and shifted releases; what its model card must show; the metric that fails the worse candidate; why the shifted one rolls back.</summary>
    public sealed record Scenario(string Model, string Parameter, string First, string Worse, string Healthy, string Shifted,
        string[] CardLines, string FailingMetric, string RollbackReasons)
    {
        public override string ToString() => Model;
    }

    public static TheoryData<Scenario> Scenarios =>
    [
        // Near-constant predictions (R² ≈ 0) are worse; strong shrinkage squeezes the served values towards the mean, so the judge
        // sees them leave stable's quantile buckets.
        new Scenario("diabetes", "alpha", "1.0", "100000", "2.0", "1500", ["| rmse |", "| r2 |"], "r2", "score_psi|online_log_loss"),
        // Heavy L2 gives near-uniform class probabilities (log loss ≈ ln 10): worse at the gate, and force-accepted past it, the
        // true class gets far less probability online.
        new Scenario("digits", "l2", "1.0", "1000000", "2.0", "1000000", ["| macro_f1 |", "| class | support | recall |"], "log_loss", "online_log_loss|score_psi"),
    ];

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task DeployCanary_TaskModel_FirstWorseHealthyShifted(Scenario s)
    {
        var model = s.Model;
        using var repo = new GraphRepository(model);
        MakeQuick(repo, model);
        string Setting(string value) => $"{s.Parameter}: \"{value}\"";

        var first = Release(repo, model, expectedExit: 0);
        Assert.Equal("FirstRelease", repo.ReadRelease(first).Kind);
        var card = repo.ReadText(first, Outputs.ModelCard);
        foreach (var line in s.CardLines) Assert.Contains(line, card, StringComparison.Ordinal);
        await AssertServesProductionAsync(repo, model, first);

        // The gate stops the worse candidate before anything is packaged or registered.
        repo.Edit(model, Setting(s.First), Setting(s.Worse));
        var worse = Release(repo, model, expectedExit: 1, skipBenchmark: true);
        Assert.Equal(TargetStatus.Failed, worse.Target("EvaluateGate").Status);
        Assert.Matches($@"│ {s.FailingMetric} +│[^\n]*│ Fail", worse.Out);
        Assert.Single(await VersionsAsync(repo, model));

        repo.Edit(model, Setting(s.Worse), Setting(s.Healthy));
        var healthy = Release(repo, model, expectedExit: 0);
        SameCost.AssertPassed(repo, healthy);
        Assert.Equal("Promoted", repo.ReadRelease(healthy).Kind);
        var comparison = repo.ReadJson<Pipeline.Evaluation.Gate.EvaluationReport>(healthy, Outputs.EvaluationReport).TaskChampion;
        Assert.NotNull(comparison);
        Assert.True(comparison.NonInferior, $"healthy candidate not non-inferior: {comparison}");
        await AssertServesProductionAsync(repo, model, healthy);

        repo.Edit(model, Setting(s.Healthy), Setting(s.Shifted));
        var shifted = Release(repo, model, expectedExit: 3, skipBenchmark: true, forceAccept: true);
        var rolledBack = repo.ReadRelease(shifted);
        Assert.Equal("RolledBack", rolledBack.Kind);
        Assert.Matches(s.RollbackReasons, string.Join(" ", rolledBack.Steps.Select(step => step.Reason)));
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
        var endpoint = repo.ReadRelease(run).Endpoint!;
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

    /// <summary>The house cost limit against the champion, short canary steps and latency margins wide enough for a busy 2-core
    /// machine; the prediction-shift and quality thresholds stay the example's own.</summary>
    private static void MakeQuick(GraphRepository repo, string model)
    {
        repo.UseHouseCostLimit(model);
        repo.MakeRolloutQuick(model);
    }
}
