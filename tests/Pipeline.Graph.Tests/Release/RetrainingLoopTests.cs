using System.Text.Json;
using Pipeline.Build;
using Pipeline.Core.Layout;
using Pipeline.Data.Generation;
using Pipeline.Deployment.Release;
using Pipeline.Graph.Tests.Support;
using Pipeline.Registry;
using Pipeline.Registry.Aliases;
using Pipeline.Testing;

namespace Pipeline.Graph.Tests.Release;

/// <summary>
/// The loop after promotion through the real graph (issue 20): a release, production traffic whose inputs drift with the outcomes fed
/// back through the gateway, `./build.sh Monitor` detects it, tells a local webhook, builds a new dataset version from the logs and runs
/// ValidateData → Train → EvaluateGate → BenchmarkGate → PackageImage → DeployCanary on it; the canary promotes the retrained version.
/// Then drift that breaks the contract (a merchant category it does not allow): the retraining stops at ValidateData, production is
/// untouched, and the webhook is told that too.
/// </summary>
public sealed class RetrainingLoopTests
{
    private const string Model = "fraud-detector";

    [Fact]
    public async Task Monitor_DriftWithOutcomes_RetrainsThroughEveryGateAndTheCanaryPromotesIt_ThenAFailedGateLeavesProductionAlone()
    {
        await using var webhook = new WebhookReceiver();
        using var repo = new GraphRepository(Model);
        MakeQuick(repo, webhook.Url);

        // Release 1 (the benchmark and the image are not what this test is about; the retraining below runs every stage).
        var first = repo.Run("DeployCanary", "--model", Model, "--target", "process", "--skip-container-validation",
            "--skip", "BenchmarkGate", "PackageImage", "--skip-reason", "retraining loop test: the retraining release runs every gate");
        Assert.True(first.ExitCode == 0, first.ToString());
        var endpoint = repo.ReadRelease(first).Endpoint!;

        // Amounts ×1.6 and more fraud: the inputs drift, every outcome comes back.
        var accepted = await LiveTrafficSender.SendWithOutcomesAsync(repo.Root, Model, endpoint, 1200, seed: 501,
            new DriftOptions { AmountScale = 1.6, LabelShift = 1.0 }, firstId: 900_000_000);
        Assert.Equal(1200, accepted);

        var monitor = repo.Run("Monitor", "--model", Model, "--target", "process", "--skip-container-validation");
        Assert.True(monitor.ExitCode == 1, $"a breach exits 1:\n{monitor}");
        var breach = Body(webhook, 0);
        Assert.Equal("breach", breach.GetProperty("kind").GetString());
        Assert.Contains(breach.GetProperty("breaches").EnumerateArray(), b => b.GetProperty("metric").GetString()!.StartsWith("input drift: amount", StringComparison.Ordinal));
        Assert.StartsWith("retrain", breach.GetProperty("action").GetString());

        // Every stage ran on the new dataset version, and the canary promoted the retrained model.
        var lineage = LatestLineage(repo);
        var digest = lineage.GetProperty("digest").GetString()!;
        Assert.True(lineage.GetProperty("liveRows").GetInt64() >= 1100, lineage.ToString());
        Assert.Equal("v1", lineage.GetProperty("productionVersion").GetString());
        Assert.DoesNotContain("merchant_id", lineage.GetProperty("columns").EnumerateArray().Select(c => c.GetString()));
        Assert.Contains("passed every gate and the canary: now in production", monitor.Out, StringComparison.Ordinal);
        await using (var registry = await repo.OpenRegistryAsync())
        {
            var production = await registry.GetAliasAsync(Model, AliasNames.Production);
            Assert.NotNull(production);
            Assert.Equal("v2", production.Version);
            Assert.Equal(digest, production.Lineage.DataDigest);
            var retrain = Assert.Single(await registry.ListEventsAsync(Model, 200), e => e.Action == "retrain");
            Assert.Contains(digest, retrain.EvidenceJson, StringComparison.Ordinal);
            var retraining = RetrainingRun(repo, retrain.EvidenceJson);
            Assert.Equal(["DeployCanary"], retraining.InvokedTargets);
            foreach (var stage in new[] { "ValidateData", "Train", "EvaluateGate", "BenchmarkGate", "PackageImage", "DeployCanary" })
                Assert.True(retraining.Targets.Single(t => t.Name == stage).Status == TargetStatus.Succeeded, $"{stage} did not succeed:\n{monitor}");
            Assert.Equal(production.ModelDigest, new ArtifactStore(Path.Combine(repo.Root, ".artifacts")).ReadJson<ReleaseRecord>(
                retraining.Targets.Single(t => t.Name == "DeployCanary").Outputs[Outputs.Release.Name]).ModelDigest);
        }
        Assert.Single(webhook.Bodies);

        // The retrained version sees traffic with a merchant category the contract does not allow: the Monitor breaches on it, the
        // retraining dataset (built on version 2's own dataset) fails ValidateData, nothing else runs, and production stays 2.
        accepted = await LiveTrafficSender.SendWithOutcomesAsync(repo.Root, Model, endpoint, 1200, seed: 502,
            new DriftOptions { NewCategory = "crypto_exchange" }, firstId: 910_000_000);
        Assert.Equal(1200, accepted);
        var failed = repo.Run("Monitor", "--model", Model, "--target", "process", "--skip-container-validation");
        Assert.True(failed.ExitCode == 1, failed.ToString());
        Assert.Contains("stopped at ValidateData", failed.Out, StringComparison.Ordinal);
        Assert.Contains(digest[7..19], LatestLineage(repo, skip: digest).GetProperty("source").GetString(), StringComparison.Ordinal);
        await using (var registry = await repo.OpenRegistryAsync())
        {
            var production = await registry.GetAliasAsync(Model, AliasNames.Production);
            Assert.Equal("v2", production!.Version);
            Assert.Equal(2, (await registry.ListVersionsAsync(Model)).Count);
            var retrain = (await registry.ListEventsAsync(Model, 200)).Where(e => e.Action == "retrain").OrderBy(e => e.Id).Last();
            var stopped = RetrainingRun(repo, retrain.EvidenceJson);
            Assert.Equal(TargetStatus.Failed, stopped.Targets.Single(t => t.Name == "ValidateData").Status);
            Assert.Equal(TargetStatus.NotRun, stopped.Targets.Single(t => t.Name == "Train").Status);
            Assert.Equal(TargetStatus.NotRun, stopped.Targets.Single(t => t.Name == "DeployCanary").Status);
        }
        Assert.Equal(3, webhook.Bodies.Count);
        Assert.Contains(Body(webhook, 1).GetProperty("breaches").EnumerateArray(), b => b.GetProperty("metric").GetString()!.StartsWith("input drift: merchant_category", StringComparison.Ordinal));
        var told = Body(webhook, 2);
        Assert.Equal("retraining-failed", told.GetProperty("kind").GetString());
        Assert.Contains("production stays v2", told.GetProperty("breaches")[0].GetProperty("observed").GetString());
    }

    private static JsonElement Body(WebhookReceiver webhook, int index) => JsonDocument.Parse(webhook.Bodies.ElementAt(index)).RootElement.Clone();

    /// <summary>The lineage sidecar of the newest retraining dataset (other than <paramref name="skip"/>'s).</summary>
    private static JsonElement LatestLineage(GraphRepository repo, string? skip = null)
    {
        var files = Directory.GetFiles(Path.Combine(repo.Root, "data", "retraining", Model), "*.lineage.json")
            .Where(f => skip is null || !Path.GetFileName(f).Contains(skip[7..19], StringComparison.Ordinal))
            .OrderByDescending(File.GetLastWriteTimeUtc).ToList();
        Assert.NotEmpty(files);
        return JsonDocument.Parse(File.ReadAllText(files[0])).RootElement.Clone();
    }

    /// <summary>The manifest of the retraining run a <c>retrain</c> registry event names.</summary>
    private static RunManifest RetrainingRun(GraphRepository repo, string evidenceJson)
    {
        using var evidence = JsonDocument.Parse(evidenceJson);
        var runId = evidence.RootElement.GetProperty("retrainingRun").GetString()!;
        return new ManifestStore(new ArtifactStore(Path.Combine(repo.Root, ".artifacts"))).Read(runId) ?? throw new InvalidOperationException($"no manifest of run {runId}");
    }

    /// <summary>A short benchmark and canary, judge margins for a busy 2-core machine, and monitoring that retrains and tells the local webhook.</summary>
    private static void MakeQuick(GraphRepository repo, string webhookUrl)
    {
        repo.MakeQuick(Model);
        File.AppendAllText(repo.ModelFile(Model), $"""

            monitoring:
              minRows: 300
              minFeedback: 300
              onBreach: retrain
              webhook: {"{"} url: "{webhookUrl}", format: generic, name: "#fraud-oncall" {"}"}

            """);
    }
}
