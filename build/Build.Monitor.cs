using System.Text.Json;
using Pipeline.Build;
using Pipeline.Core.Monitoring;
using Pipeline.Core.Verdicts;
using Pipeline.Data.Contracts;
using Pipeline.Data.Profiling;
using Pipeline.Deployment.Targets.Process;
using Pipeline.Monitoring;
using Pipeline.Monitoring.Alerts;
using Pipeline.Monitoring.Live;
using Pipeline.Monitoring.Retraining;
using Pipeline.Registry.Aliases;
using Pipeline.Registry.Events;
using Pipeline.Training.Datasets;

partial class Build
{
    [Parameter("Monitor: keep judging every --interval seconds until stopped (alerts on each new breach)")]
    readonly bool Watch;

    [Parameter("Monitor --watch: seconds between runs")]
    readonly double Interval = 300;

    [Parameter("Monitor --watch: serve the gauges at http://127.0.0.1:<port>/metrics for Prometheus (0: only the .prom file)", Name = "metrics-port")]
    readonly int MetricsPort;

    [Parameter("Sample: logged predictions to print")]
    readonly int Count = 50;

    /// <summary>Prediction logs and feedback of --model's servers.</summary>
    string PredictionLogDirectory => ProcessTarget.PredictionLogDirectory(DeployDirectory, Model);

    /// <summary>.artifacts/monitoring/&lt;model&gt;/: gauges, alert rules and retraining datasets.</summary>
    string MonitoringDirectory => Path.Combine(Layout.ArtifactsDirectory, "monitoring", Model);

    Target Monitor => _ => _
        .Description("Judge the production version of --model on live traffic: input drift vs the training profile, prediction shift vs the holdout, quality from feedback; alerts; monitoring.onBreach: retrain runs the graph on a new dataset version")
        .Executes(async ctx =>
        {
            await using var exporter = MetricsPort > 0 ? new GaugeExporter(MetricsPort) : null;
            var breached = false;
            while (true)
            {
                var (verdict, breach) = await MonitorOnceAsync(ctx, exporter, alert: !Watch || !breached);
                breached = breach;
                if (!Watch) { ctx.Report(verdict); return; }
                Log.Information($"Monitor: {verdict.Outcome} ({verdict.Failures.Count()} failed checks); next run in {Interval:0} s");
                await Task.Delay(TimeSpan.FromSeconds(Interval), ctx.CancellationToken);
            }
        });

    Target Sample => _ => _
        .Description("Print --count random logged predictions of --model's production version for a person to look at")
        .Executes(async ctx =>
        {
            var version = await ProductionVersionNameAsync(ctx);
            var traffic = LiveTraffic.Read(PredictionLogDirectory, version);
            var labels = traffic.Feedback.ToDictionary(f => f.Id, f => f.Label, StringComparer.Ordinal);
            var sample = traffic.Rows.OrderBy(_ => Random.Shared.Next()).Take(Count).ToList();
            foreach (var r in sample)
                Log.Information($"{r.Time:u} {r.Id} {r.Version}/{r.Variant} score {r.Score:0.0000} outcome {(labels.TryGetValue(r.Id, out var l) ? l.ToString() : "-")} " +
                                string.Join(" ", r.Features.Select(f => $"{f.Key}={f.Value ?? "null"}")));
            ctx.Note($"{sample.Count} of {traffic.Rows.Count} logged rows of {Model} {version}, {traffic.Feedback.Count} with outcomes");
        });

    Target AlertRules => _ => _
        .Description("Write the Prometheus alerting rules of --model (gateway error rate and p99, the Monitor's drift and quality gauges)")
        .Executes(ctx =>
        {
            Directory.CreateDirectory(MonitoringDirectory);
            var file = Path.Combine(MonitoringDirectory, "alert-rules.yml");
            File.WriteAllText(file, Pipeline.Monitoring.Alerts.AlertRules.Render(Config, TimeSpan.FromSeconds(Interval)));
            ctx.Note($"rules → {Path.GetRelativePath(RootDirectory, file)}");
        });

    async Task<string> ProductionVersionNameAsync(TargetContext ctx)
    {
        await using var registry = await OpenRegistryAsync(ctx.CancellationToken);
        var production = await registry.GetAliasAsync(Model, AliasNames.Production, ctx.CancellationToken);
        return production?.Version ?? throw new Pipeline.Core.Errors.UserInputException(
            $"{Model} has no production version in the registry, so there is nothing to monitor. Fix: run ./build.sh DeployCanary --model {Model} first.");
    }

    async Task<(Verdict Verdict, bool Breach)> MonitorOnceAsync(TargetContext ctx, GaugeExporter? exporter, bool alert)
    {
        var config = Config;
        await using var registry = await OpenRegistryAsync(ctx.CancellationToken);
        var production = await registry.GetAliasAsync(Model, AliasNames.Production, ctx.CancellationToken) ?? throw new Pipeline.Core.Errors.UserInputException(
            $"{Model} has no production version in the registry, so there is nothing to monitor. Fix: run ./build.sh DeployCanary --model {Model} first.");
        var contract = DataContractLoader.Load(Layout.ContractFile(config.Data.Contract));
        // onBreach: retrain on a model whose training reads columns no logged row has is a configuration error: said before judging.
        if (config.Monitoring.OnBreach == "retrain") RetrainingColumns.For(config, contract);
        var profile = production.Lineage.DataProfileDigest is { } p && ctx.Store.Exists(p) ? ProfileJson.Deserialize(File.ReadAllText(ctx.Store.PathOf(p))) : null;
        // The holdout of the data production was trained on: after a retraining, that is the retraining dataset.
        var dataset = ModelDataset.Load(ProductionDataFile(production.Lineage.DataDigest), contract, config);
        var result = ProductionMonitor.Evaluate(new MonitorInput
        {
            Config = config, Contract = contract, Version = production.Version,
            Traffic = LiveTraffic.Read(PredictionLogDirectory, production.Version),
            TrainingProfile = profile,
            Holdout = HoldoutReferences.Compute(dataset, ctx.Store.PathOf(production.ModelDigest)),
            WorkDirectory = Path.Combine(MonitoringDirectory, "work"),
        });
        var gauges = result.Gauges.ToPrometheusText(DateTimeOffset.UtcNow);
        Directory.CreateDirectory(MonitoringDirectory);
        File.WriteAllText(Path.Combine(MonitoringDirectory, "monitor.prom"), gauges);
        exporter?.Publish(gauges);
        var verdict = result.Verdict;
        if (result.Breach && alert)
        {
            var action = config.Monitoring.OnBreach == "retrain" ? "retrain: a new dataset version goes through every gate and a canary" : "alert only";
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            var told = await new WebhookNotifier(http, TimeProvider.System).NotifyAsync(config.Monitoring.Webhook, Model, production.Version, verdict, action, ctx.CancellationToken);
            verdict = WebhookNotifier.WithNotification(verdict, told);
            Log.Information($"Monitor: {told.Message}");
        }
        await registry.ApplyAsync(new DeploymentChange
        {
            Model = Model, Action = "monitor", Actor = Actor, RunId = ctx.RunId, ToVersion = production.Version,
            Reason = $"Monitor {verdict.Outcome.ToString().ToLowerInvariant()}: {verdict.Failures.Count()} failed checks",
            EvidenceJson = JsonSerializer.Serialize(verdict),
        }, ctx.CancellationToken);
        // Under --watch a breach retrains once, when it is new (as it alerts once), not at every interval while it lasts.
        if (result.Breach && alert && config.Monitoring.OnBreach == "retrain")
            verdict = await RetrainAsync(ctx, production, contract, LiveTraffic.Read(PredictionLogDirectory, production.Version), verdict);
        return (verdict, result.Breach);
    }

    /// <summary>data/retraining/&lt;model&gt;/: the dataset versions Monitor built from production logs.</summary>
    string RetrainingDirectory => Path.Combine(Layout.DataDirectory, "retraining", Model);

    /// <summary>The dataset whose digest a version's lineage records: a retraining dataset when it is one of them, else data.path.</summary>
    string ProductionDataFile(string? dataDigest) =>
        RetrainingDataset.Find(RetrainingDirectory, Model, dataDigest) ?? ModelDataset.EnsureFile(Layout, Config);

    /// <summary>
    /// monitoring.onBreach: retrain — a new dataset version (the data production was trained on plus the logged rows with outcomes),
    /// then DeployCanary on it in a nested run (ValidateData → Train → EvaluateGate → BenchmarkGate → PackageImage → DeployCanary).
    /// Production moves only if every gate and the canary pass; otherwise it stays as it was and the webhook is told.
    /// </summary>
    async Task<Verdict> RetrainAsync(TargetContext ctx, Pipeline.Registry.Versions.ModelVersion production, Pipeline.Data.Contracts.DataContract contract,
        LiveTraffic traffic, Verdict verdict)
    {
        var config = Config;
        var lineage = RetrainingDataset.Write(ProductionDataFile(production.Lineage.DataDigest), contract, config, production.Version,
            traffic.Labelled().ToList(), RetrainingDirectory);
        var described = $"{Path.GetRelativePath(RootDirectory, lineage.File)} ({lineage.Digest[..19]}): {lineage.SourceRows} rows production was trained on + " +
                        $"{lineage.LiveRows} live rows with outcomes{(lineage.LiveRowsLeftOut > 0 ? $", {lineage.LiveRowsLeftOut} left out" : "")}";
        Log.Information($"Monitor: retraining on {described}; running DeployCanary on it");
        var run = await RunNestedAsync<Build>(["DeployCanary"], new Dictionary<string, string?>
        {
            ["data"] = lineage.File, ["retraining"] = "true", ["watch"] = null, ["interval"] = null, ["metrics-port"] = null,
        });
        await using var registry = await OpenRegistryAsync(ctx.CancellationToken);
        var now = await registry.GetAliasAsync(Model, AliasNames.Production, ctx.CancellationToken);
        var promoted = run.ExitCode == 0 && now is not null && now.Version != production.Version && now.Lineage.DataDigest == lineage.Digest;
        var stopped = run.Manifest?.Targets.FirstOrDefault(t => t.Status == TargetStatus.Failed);
        var outcome = promoted ? $"{Model} {now!.Version}, trained on {lineage.Digest[..19]}, passed every gate and the canary: now in production"
            : run.ExitCode == 3 ? $"the retrained candidate's canary was rolled back: production stays {production.Version}"
            : run.ExitCode == 4 ? $"the retrained candidate's canary was inconclusive and is held: production stays {production.Version} (Promote or Rollback by hand)"
            : stopped is not null ? $"the retrained candidate stopped at {stopped.Name} ({stopped.Note}): production stays {production.Version}"
            : $"the retraining run ended with exit {run.ExitCode}: production stays {production.Version}";
        Log.Information($"Monitor: {outcome}");
        ctx.Note($"retrained on {lineage.Digest[..19]}: {outcome}");
        var check = new Check
        {
            Metric = "retraining", Observed = outcome, Threshold = "retrained candidate through every gate and the canary",
            Outcome = promoted ? CheckOutcome.Info : CheckOutcome.Fail, SampleSize = lineage.LiveRows,
            Detail = $"dataset {described}; run {run.Manifest?.RunId ?? "none"}",
        };
        await registry.ApplyAsync(new DeploymentChange
        {
            Model = Model, Action = "retrain", Actor = Actor, RunId = ctx.RunId, ToVersion = promoted ? now!.Version : production.Version,
            Reason = outcome,
            EvidenceJson = JsonSerializer.Serialize(new
            {
                dataset = Path.GetRelativePath(RootDirectory, lineage.File), digest = lineage.Digest, source = Path.GetRelativePath(RootDirectory, lineage.Source),
                sourceDigest = lineage.SourceDigest, lineage.Columns, lineage.SourceRows, lineage.LiveRows, lineage.LiveRowsLeftOut, productionVersion = production.Version,
                retrainingRun = run.Manifest?.RunId, exitCode = run.ExitCode, stoppedAt = stopped?.Name, promoted,
            }),
        }, ctx.CancellationToken);
        if (!promoted)
        {
            // A failed retraining is news too: whoever was told of the breach learns that production was left as it was.
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            var failed = new Verdict { Gate = "Retraining", Subject = $"{Model} {production.Version}", Checks = [check] };
            var told = await new WebhookNotifier(http, TimeProvider.System).NotifyAsync(config.Monitoring.Webhook, Model, production.Version, failed,
                "production untouched; look at the retraining run's report", ctx.CancellationToken);
            Log.Information($"Monitor: retraining failure: {told.Message}");
        }
        return verdict with { Checks = [.. verdict.Checks, check] };
    }
}
