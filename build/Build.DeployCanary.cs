using System.Globalization;
using System.Text.Json;
using Pipeline.Build;
using Pipeline.Core.Verdicts;
using Pipeline.Deployment.Judge;
using Pipeline.Deployment.Release;
using Pipeline.Registry.Versions;
using Pipeline.Training.Datasets;

partial class Build
{
    [Parameter("Traffic that judges the canary: replay (holdout rows through the gateway; local and CI runs) or none (production: real users)", Name = "traffic")]
    readonly string Traffic = "replay";

    Target DeployCanary => _ => _
        .Description("Release the accepted model: first release straight to production; else a canary stepped up under the sequential judge, promoted or rolled back")
        .DependsOn(PackageImage)
        .Executes(async ctx =>
        {
            if (Traffic is not ("replay" or "none"))
                throw new ArgumentException($"--traffic {Traffic}: expected replay or none");
            var config = LoadModelConfig();
            if (!ctx.TryUpstream(nameof(EvaluateGate), AcceptedModelOutput, out var model))
                throw new InvalidOperationException("EvaluateGate accepted no model in this run; nothing to release.");

            var (deployment, registry, kind) = await OpenDeploymentAsync(ctx, starting: true);
            await using var _ = registry;
            var version = await RegisterReleaseAsync(ctx, registry, model);
            var dataset = Traffic == "replay" ? ModelDataset.Load(Layout, config) : null;

            var release = new CanaryRelease(deployment, registry, line => Log.Information(line), TimeProvider.System);
            var result = await release.RunAsync(new ReleaseRequest
            {
                Model = Model,
                Version = version,
                ModelFile = ctx.Store.PathOf(model),
                ConfigFile = ModelFile,
                Image = kind == "docker" ? ImageOf(ctx) : null,
                Policy = config.Rollout,
                ReplayRows = dataset?.HoldoutBatch(),
                ReplayLabels = dataset?.HoldoutLabels(),
                Actor = Environment.GetEnvironmentVariable("GITHUB_ACTOR") is { Length: > 0 } ci ? ci : Environment.UserName,
                RunId = ctx.RunId,
            }, ctx.CancellationToken);

            var status = await deployment.StatusAsync(Model, ctx.CancellationToken);
            Log.Information($"endpoint: {result.Endpoint}/v1/models/{Model}:predict (OIP v2: {result.Endpoint}/v2/models/{Model}/infer)");
            foreach (var i in status.Instances)
                Log.Information($"  {i.Role,-8} {i.Version ?? "-",-6} {i.Endpoint,-24} weight {i.Weight.ToString("0.#", CultureInfo.InvariantCulture)} % {(i.Running ? "running" : "stopped")} ({i.Target})");
            foreach (var step in result.Rollout?.Steps ?? [])
                Log.Information($"  {step.Stage.ToString().ToLowerInvariant()} {step.StepWeightPercent.ToString("0.#", CultureInfo.InvariantCulture)} %: {step.Action.ToString().ToLowerInvariant()} after {step.StepElapsed.TotalSeconds:0.0} s");
            if (result.Replay is { } r)
                Log.Information($"  replay: {r.Requests} requests, {r.Errors + r.TransportErrors} client-visible errors, p99 {r.Latency.PercentileMs(99):0.0} ms");
            ctx.Output("release", ctx.Store.PutJson(new
            {
                kind = result.Kind.ToString(), result.Message, result.Endpoint, result.StableVersion, result.CanaryVersion, result.Recovered,
                steps = result.Rollout?.Steps.Select(s => new { action = s.Action.ToString(), stage = s.Stage.ToString(), s.StepWeightPercent, s.Reason, s.Metrics }),
            }));
            ctx.Note(result.Message);
            if (!result.Succeeded) ctx.Report(RolloutVerdict(result), result.ExitCode);
        });

    /// <summary>Registers the accepted model as the next version unless a version with the same model digest exists.</summary>
    async Task<string> RegisterReleaseAsync(TargetContext ctx, Pipeline.Registry.IModelRegistry registry, ArtifactRef model)
    {
        var known = (await registry.ListVersionsAsync(Model, ctx.CancellationToken)).FirstOrDefault(v => v.ModelDigest == model.Digest);
        if (known is not null) return known.Version;
        var metrics = ctx.TryUpstream(nameof(EvaluateGate), "evaluation-report", out var report) ? File.ReadAllText(ctx.Store.PathOf(report)) : "{}";
        using var doc = JsonDocument.Parse(metrics);
        var overall = doc.RootElement.TryGetProperty("overall", out var o) ? o.GetRawText() : "{}";
        var registered = await registry.RegisterVersionAsync(new NewModelVersion
        {
            Model = Model,
            ModelDigest = model.Digest,
            ImageDigest = ctx.TryUpstream(nameof(PackageImage), "image", out var image) ? ImageDigestOf(ctx, image) : null,
            MetricsJson = overall,
            Lineage = new ModelLineage
            {
                DataDigest = ModelDataset.Digest(ModelDataset.EnsureFile(Layout, LoadModelConfig())),
                DataProfileDigest = ctx.TryUpstream(nameof(ValidateData), "profile", out var profile) ? profile.Digest : null,
                RunId = ctx.RunId,
            },
        }, ctx.CancellationToken);
        Log.Information($"registered {Model} {registered.Version} ({model.Digest[..19]})");
        return registered.Version;
    }

    static string? ImageDigestOf(TargetContext ctx, ArtifactRef image)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(ctx.Store.PathOf(image)));
        return doc.RootElement.TryGetProperty("digest", out var d) ? d.GetString() : null;
    }

    static Verdict RolloutVerdict(ReleaseResult result) => new()
    {
        Gate = nameof(DeployCanary),
        Subject = $"{result.CanaryVersion} vs {result.StableVersion}",
        Checks = result.Rollout!.Final.Metrics.Select(m => new Check
        {
            Metric = m.Metric,
            Observed = $"canary {m.Canary} vs stable {m.Stable}",
            Threshold = m.Threshold,
            SampleSize = m.CanarySamples,
            Outcome = m.Status switch { MetricStatus.Breached => CheckOutcome.Fail, MetricStatus.Healthy => CheckOutcome.Pass, _ => CheckOutcome.Info },
            Detail = m.Statistic,
        }).Append(new Check { Metric = "rollout", Observed = result.Kind == ReleaseKind.Inconclusive ? "inconclusive" : "rolled back", Threshold = "promote", Outcome = CheckOutcome.Fail, Detail = result.Message })
          .ToList(),
        Notes = [result.Message],
    };
}
