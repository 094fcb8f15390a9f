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
        var profile = production.Lineage.DataProfileDigest is { } p && ctx.Store.Exists(p) ? ProfileJson.Deserialize(File.ReadAllText(ctx.Store.PathOf(p))) : null;
        var dataset = ModelDataset.Load(Layout, config);
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
        if (result.Breach && config.Monitoring.OnBreach == "retrain")
            await RetrainAsync(ctx, production.Version, contract, LiveTraffic.Read(PredictionLogDirectory, production.Version));
        return (verdict, result.Breach);
    }

    /// <summary>monitoring.onBreach: retrain — a new dataset version, then the whole graph on it in a child build; production moves only if every gate and the canary pass.</summary>
    async Task RetrainAsync(TargetContext ctx, string version, DataContract contract, LiveTraffic traffic)
    {
        var config = Config;
        var lineage = RetrainingDataset.Write(DataFile, contract, Model, config.Data.Label, version, traffic.Labelled().ToList(),
            Path.Combine(Layout.DataDirectory, "retraining", Model));
        Log.Information($"Monitor: retraining dataset {Path.GetRelativePath(RootDirectory, lineage.File)} ({lineage.Digest[..19]}): {lineage.SourceRows} source rows + {lineage.LiveRows} live rows with outcomes" +
                        (lineage.LiveRowsLeftOut > 0 ? $", {lineage.LiveRowsLeftOut} left out" : ""));
        var exit = await RunChildBuildAsync(["DeployCanary", "--model", Model, "--data", lineage.File], ctx.CancellationToken);
        var outcome = exit switch
        {
            0 => "the retrained candidate passed every gate and the canary",
            3 => "the retrained candidate's canary was rolled back: production untouched",
            _ => $"the retraining graph stopped (exit {exit}): production untouched",
        };
        Log.Information($"Monitor: {outcome}");
        ctx.Note($"retrained on {lineage.Digest[..19]}: {outcome}");
    }

    async Task<int> RunChildBuildAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var start = new System.Diagnostics.ProcessStartInfo(Path.Combine(RootDirectory, "build.sh")) { WorkingDirectory = RootDirectory };
        foreach (var a in args) start.ArgumentList.Add(a);
        if (RegistryConnection is { Length: > 0 } r) { start.ArgumentList.Add("--registry"); start.ArgumentList.Add(r); }
        using var child = System.Diagnostics.Process.Start(start)!;
        await child.WaitForExitAsync(cancellationToken);
        return child.ExitCode;
    }
}
