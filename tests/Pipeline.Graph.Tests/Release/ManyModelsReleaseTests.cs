using Pipeline.Build;
using Pipeline.Core.Layout;
using Pipeline.Deployment.Release;
using Pipeline.Graph.Tests.Support;
using Pipeline.Packaging.Release;
using Pipeline.Registry;
using Pipeline.Registry.Aliases;

namespace Pipeline.Graph.Tests.Release;

/// <summary>
/// The real graph (build/Build.cs) in one temporary repository with two models of different source kinds, released one after
/// the other and interleaved: every stage must hand on exactly the artifacts of the model it runs for. Fraud's second and third
/// releases (other weights, same graph) must also pass BenchmarkGate's cost comparison at the house limit.
/// </summary>
public sealed class ManyModelsReleaseTests
{
    private const string Fraud = "fraud-detector";
    private const string Cancer = "breast-cancer";

    [Fact]
    public async Task DeployCanary_TwoModelsInterleaved_EachImageVersionCardAndEndpointBelongsToItsModel()
    {
        using var repo = new GraphRepository(Fraud, Cancer);
        foreach (var model in new[] { Fraud, Cancer }) repo.MakeQuick(model);
        // Fraud's later releases keep its graph with other weights (l2): BenchmarkGate must pass them against the champion at the
        // house limit, twice in a row (issue 26). Breast-cancer's second release changes the network, so its limit stays loose.
        repo.UseHouseCostLimit(Fraud);
        // ~147 holdout rows: a retrained network's paired AUC interval is too wide for a 0.01 non-inferiority margin.
        repo.Edit(Cancer, "championMargin: 0.01", "championMargin: 0.05");

        var a1 = Release(repo, Fraud);
        var a1Model = await AssertOwnModelAsync(repo, a1, Fraud, Outputs.TrainedModel);

        var b1 = Release(repo, Cancer);
        var b1Model = await AssertOwnModelAsync(repo, b1, Cancer, Outputs.ImportedModel);
        Assert.Equal(TargetStatus.Skipped, b1.Target("Train").Status);
        Assert.DoesNotContain("hyperparameters", repo.ReadText(b1, Outputs.ModelCard), StringComparison.Ordinal);

        repo.Edit(Fraud, "l2: \"1.0\"", "l2: \"3.0\"");
        var a2 = Release(repo, Fraud);
        var a2Model = await AssertOwnModelAsync(repo, a2, Fraud, Outputs.TrainedModel);
        Assert.NotEqual(a1Model, a2Model);
        Assert.Matches(@"l2=3(\.0+)?(?![\d.])", repo.ReadText(a2, Outputs.ModelCard));
        SameCost.AssertPassed(repo, a2);

        // The same model switched from import to its external trainer: Train's output is the candidate, never the old import.
        repo.SetSection(Cancer, "source", """
              kind: external
              command: /usr/bin/python3 models/breast-cancer/train.py {train} {params} {output}
              hyperparameters: { hidden: "12", epochs: "300", seed: "5" }
            """);
        var b2 = Release(repo, Cancer);
        var b2Model = await AssertOwnModelAsync(repo, b2, Cancer, Outputs.TrainedModel);
        Assert.Equal(TargetStatus.Skipped, b2.Target("Import").Status);
        Assert.NotEqual(b1Model, b2Model);
        Assert.Matches(@"hidden=12(?![\d.])", repo.ReadText(b2, Outputs.ModelCard));

        // Fraud again, other weights again: the second same-cost release in a row, measured against a2 now in production.
        repo.Edit(Fraud, "l2: \"3.0\"", "l2: \"2.0\"");
        var a3 = Release(repo, Fraud);
        var a3Model = await AssertOwnModelAsync(repo, a3, Fraud, Outputs.TrainedModel);
        SameCost.AssertPassed(repo, a3);

        await using var registry = await repo.OpenRegistryAsync();
        var fraudDigests = (await registry.ListVersionsAsync(Fraud)).Select(v => v.ModelDigest).ToList();
        var cancerDigests = (await registry.ListVersionsAsync(Cancer)).Select(v => v.ModelDigest).ToList();
        Assert.Equal([a1Model, a2Model, a3Model], fraudDigests);
        Assert.Equal([b1Model, b2Model], cancerDigests);
    }

    [Fact]
    public void DeployCanary_GateSkippedWithoutReason_RefusedBeforeAnythingRuns()
    {
        using var repo = new GraphRepository(Cancer);

        var run = repo.Run("DeployCanary", "--model", Cancer, "--skip", "BenchmarkGate", "--target", "process");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("--skip-reason", run.Error, StringComparison.Ordinal);
        Assert.Contains("BenchmarkGate", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(repo.Root, ".artifacts", "registry.db")), "nothing may be registered");
    }

    private static GraphRun Release(GraphRepository repo, string model)
    {
        var run = repo.Run("DeployCanary", "--model", model, "--target", "process", "--skip-container-validation");
        Assert.True(run.ExitCode == 0, $"DeployCanary --model {model} failed:\n{run}");
        return run;
    }

    /// <summary>
    /// The candidate of the producer model.yaml selects is what EvaluateGate accepted, BenchmarkGate measured, the image carries,
    /// the release names and the registry registered for this model; the live endpoint serves the production version's predictions.
    /// </summary>
    private static async Task<string> AssertOwnModelAsync(GraphRepository repo, GraphRun run, string model, BlobOutput producer)
    {
        var store = new ArtifactStore(Path.Combine(repo.Root, ".artifacts"));
        var candidate = run.Output(producer).Digest;
        Assert.Equal(model, run.Manifest.Scope);
        Assert.Equal(candidate, run.Output(Outputs.AcceptedModel).Digest);
        Assert.Equal(candidate, run.Output(Outputs.MeasuredModel).Digest);
        var image = store.ReadJson<ImageRecord>(run.Output(Outputs.Image));
        Assert.Equal(candidate, image.ModelDigest);
        Assert.Equal(candidate, image.Labels["io.pipeline.model.digest"]);
        Assert.Equal($"pipeline/{model}", image.Tag.Split(':')[0]);
        var release = store.ReadJson<ReleaseRecord>(run.Output(Outputs.Release));
        Assert.Equal(candidate, release.ModelDigest);
        Assert.Contains(model, repo.ReadText(run, Outputs.ModelCard), StringComparison.Ordinal);

        await using var registry = await repo.OpenRegistryAsync();
        Assert.Contains(await registry.ListVersionsAsync(model), v => v.ModelDigest == candidate);
        var production = await registry.GetAliasAsync(model, AliasNames.Production);
        Assert.NotNull(production);
        var served = await ServedModel.PredictAsync(repo.Root, model, release.Endpoint!);
        var expected = ServedModel.Expected(repo.Root, model, store.PathOf(production.ModelDigest));
        Assert.True(ServedModel.Same(served, expected),
            $"{release.Endpoint} serves other predictions than {model} {production.Version}: [{string.Join(", ", served)}] vs [{string.Join(", ", expected)}]");
        return candidate;
    }
}
