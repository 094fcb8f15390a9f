using System.Globalization;
using System.Text.Json;
using Pipeline.Build;
using Pipeline.Core.Models;
using Pipeline.Packaging.Release;
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
            var config = Config;
            var model = ReleaseModel(ctx);
            var packaged = SkippedTargets.Contains(nameof(PackageImage)) ? null : ctx.Read(Outputs.Image);
            if (packaged is not null)
                ModelIdentity.Require(ctx.Name, "the model the gates judged", model.Digest, $"the model inside image {packaged.Tag}", packaged.ModelDigest);

            var (deployment, registry, kind) = await OpenDeploymentAsync(ctx, starting: true);
            await using var _ = registry;
            var version = await RegisterReleaseAsync(ctx, registry, model, packaged);
            var dataset = Traffic == "replay" || config.Task == ModelTask.Regression ? ModelDataset.Load(Layout, config) : null;
            var prediction = PredictionSettings(config, dataset);

            var release = new CanaryRelease(deployment, registry, line => Log.Information(line), TimeProvider.System);
            var result = await release.RunAsync(new ReleaseRequest
            {
                Model = Model,
                Version = version,
                ModelFile = ctx.Store.PathOf(model),
                ConfigFile = ModelFile,
                Image = kind == "docker" ? ImageOf(ctx, model.Digest) : null,
                Policy = config.Rollout,
                ReplayRows = Traffic == "replay" ? dataset?.HoldoutBatch() : null,
                ReplayLabels = Traffic == "replay" ? dataset?.HoldoutLabels() : null,
                Task = config.Task,
                ScoreBuckets = prediction.Buckets,
                ShadowTolerance = prediction.ShadowTolerance,
                MaxSquaredErrorIncrease = prediction.MaxSquaredErrorIncrease,
                Actor = Actor,
                RunId = ctx.RunId,
            }, ctx.CancellationToken);

            var status = await deployment.StatusAsync(Model, ctx.CancellationToken);
            Log.Information($"endpoint: {result.Endpoint}/v1/models/{Model}:predict (OIP v2: {result.Endpoint}/v2/models/{Model}/infer)");
            if (status.Instances.FirstOrDefault(i => i.Role == Pipeline.Deployment.Operations.ModelDeployment.GatewayRole)?.GrpcEndpoint is { } grpc)
                Log.Information($"gRPC (KServe v2 inference.GRPCInferenceService, h2c): {new Uri(grpc).Authority}");
            foreach (var i in status.Instances)
                Log.Information($"  {i.Role,-8} {i.Version ?? "-",-6} {i.Endpoint,-24} weight {i.Weight.ToString("0.#", CultureInfo.InvariantCulture)} % {(i.Running ? "running" : "stopped")} ({i.Target})");
            foreach (var step in result.Rollout?.Steps ?? [])
                Log.Information($"  {step.Stage.ToString().ToLowerInvariant()} {step.StepWeightPercent.ToString("0.#", CultureInfo.InvariantCulture)} %: {step.Action.ToString().ToLowerInvariant()} after {step.StepElapsed.TotalSeconds:0.0} s");
            if (result.Replay is { } r)
                Log.Information($"  replay: {r.Requests} requests, {r.Errors + r.TransportErrors} client-visible errors, p99 {r.Latency.PercentileMs(99):0.0} ms");
            ctx.Write(Outputs.Release, new ReleaseRecord
            {
                Kind = result.Kind.ToString(), Message = result.Message, Endpoint = result.Endpoint, StableVersion = result.StableVersion,
                CanaryVersion = result.CanaryVersion, Recovered = result.Recovered, ModelDigest = model.Digest,
                SkippedGates = SkippedGates.Select(g => $"{g}: {SkipReason}").ToList(),
                Steps = result.Rollout?.Steps.Select(s => new ReleaseStepRecord(s.Action.ToString(), s.Stage.ToString(), s.StepWeightPercent, s.Reason)).ToList() ?? [],
            });
            ctx.Note(result.Message);
            if (!result.Succeeded) ctx.Report(ReleaseVerdict.From(result, nameof(DeployCanary)), result.ExitCode);
        });

    /// <summary>
    /// Registers the accepted model as the next version unless a version with the same model digest exists; gates left out with
    /// --skip become a registry event and part of the version's lineage.
    /// </summary>
    async Task<string> RegisterReleaseAsync(TargetContext ctx, Pipeline.Registry.IModelRegistry registry, ArtifactRef model, ImageRecord? image)
    {
        var known = (await registry.ListVersionsAsync(Model, ctx.CancellationToken)).FirstOrDefault(v => v.ModelDigest == model.Digest);
        var version = known?.Version ?? await RegisterAsync();
        if (SkippedGates.Count > 0)
            await registry.ApplyAsync(new Pipeline.Registry.Events.DeploymentChange
            {
                Model = Model, Action = "gates-skipped", Actor = Actor, RunId = ctx.RunId, ToVersion = version,
                Reason = $"--skip {string.Join(" ", SkippedGates)}: {SkipReason}",
                EvidenceJson = JsonSerializer.Serialize(new { skipped = SkippedGates, reason = SkipReason, modelDigest = model.Digest }),
            }, ctx.CancellationToken);
        return version;

        async Task<string> RegisterAsync()
        {
            var report = SkippedTargets.Contains(nameof(EvaluateGate)) ? null : ctx.TryRead(Outputs.EvaluationReport);
            var parameters = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["source"] = Config.Source.Kind, ["contract"] = Config.Data.Contract, ["task"] = Config.Task.Name() };
            if (Config.Task != ModelTask.Binary)
                parameters["prediction.buckets"] = Pipeline.Core.Monitoring.PredictionBuckets.Format(PredictionSettings(Config, Config.Task == ModelTask.Regression ? ModelDataset.Load(Layout, Config) : null).Buckets ?? []);
            foreach (var gate in SkippedGates) parameters[$"skipped.{gate}"] = SkipReason ?? "";
            var registered = await registry.RegisterVersionAsync(new NewModelVersion
            {
                Model = Model,
                ModelDigest = model.Digest,
                ImageDigest = image?.Digest,
                MetricsJson = report?.Overall is { } overall ? JsonSerializer.Serialize(overall, StoreJson.Options)
                    : report?.TaskMetrics is { } taskMetrics ? JsonSerializer.Serialize(taskMetrics, StoreJson.Options) : "{}",
                Lineage = new ModelLineage
                {
                    DataDigest = ModelDataset.Digest(ModelDataset.EnsureFile(Layout, Config)),
                    DataProfileDigest = ctx.TryUpstream(Outputs.DataProfile, out var profile) ? profile.Digest : null,
                    RunId = ctx.RunId,
                    Parameters = parameters,
                },
            }, ctx.CancellationToken);
            Log.Information($"registered {Model} {registered.Version} ({model.Digest[..19]})");
            return registered.Version;
        }
    }

    /// <summary>The task's prediction histogram bounds (regression: training-label quantiles), shadow tolerance and online squared-error margin;
    /// all null for binary, whose defaults stand.</summary>
    static (IReadOnlyList<double>? Buckets, double? ShadowTolerance, double? MaxSquaredErrorIncrease) PredictionSettings(ModelConfig config, ModelDataset? dataset)
    {
        if (config.Task == ModelTask.Binary) return (null, config.Rollout.ShadowTolerance, null);
        var labels = config.Task == ModelTask.Regression ? dataset?.TrainLabels() ?? [] : [];
        var buckets = Pipeline.Core.Monitoring.PredictionBuckets.For(config.Task, config.Data.Classes.Count, labels);
        var tolerance = Pipeline.Core.Monitoring.PredictionBuckets.ShadowTolerance(config.Task, config.Rollout.ShadowTolerance, labels);
        var sd = Pipeline.Core.Monitoring.PredictionBuckets.StandardDeviation(labels);
        return (buckets, tolerance, config.Task == ModelTask.Regression ? config.Rollout.MaxSquaredErrorIncrease ?? 0.1 * sd * sd : null);
    }

    /// <summary>Who acts: the CI actor, else the local user.</summary>
    static string Actor => Environment.GetEnvironmentVariable("GITHUB_ACTOR") is { Length: > 0 } ci ? ci : Environment.UserName;
}
