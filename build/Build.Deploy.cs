using System.Diagnostics;
using System.Text.Json;
using Pipeline.Build;
using Pipeline.Deployment.Operations;
using Pipeline.Deployment.Release;
using Pipeline.Deployment.Targets;
using Pipeline.Deployment.Targets.Docker;
using Pipeline.Deployment.Targets.Process;
using Pipeline.Packaging.Docker;
using Pipeline.Registry;

partial class Build
{
    [Parameter("Where versions run: auto (docker when an engine answers, else process), process or docker", Name = "target")]
    readonly string DeployTarget = "auto";

    [Parameter("Registered version to start (Deploy)", Name = "model-version")]
    readonly string? ModelVersion;

    [Parameter("Image of the version for the docker target (default: PackageImage's tag of this run)", Name = "image")]
    readonly string? DeployImage;

    [Parameter("Traffic share in percent a new canary starts with (Deploy)", Name = "canary-weight")]
    readonly double CanaryWeight;

    [Parameter("Host port of the model's public endpoint (0: a free one)", Name = "gateway-port")]
    readonly int GatewayPort;

    [Parameter("Why: recorded with the deployment event")]
    readonly string? Reason;

    [Parameter("Gateway admin token (default: generated once per model under .artifacts/deploy/<model>/gateway.token)", Name = "gateway-token"), Secret]
    readonly string? GatewayToken;

    Target Deploy => _ => _
        .Description("Start --model-version of --model: as stable behind a new gateway when nothing runs, else as canary at --canary-weight %")
        .Requires(() => ModelVersion)
        .Executes(async ctx =>
        {
            var (deployment, registry, kind) = await OpenDeploymentAsync(ctx, starting: true);
            await using var _ = registry;
            var version = await registry.GetVersionAsync(Model, ModelVersion!, ctx.CancellationToken);
            var onnx = version is not null && ctx.Store.Exists(version.ModelDigest) ? ctx.Store.PathOf(version.ModelDigest) : null;
            var outcome = await deployment.DeployAsync(new DeployRequest
            {
                Model = Model, Version = ModelVersion!, ModelFile = onnx, ConfigFile = ModelFile, Image = kind == "docker" ? ImageOf(ctx, version?.ModelDigest) : null,
                CanaryWeight = CanaryWeight, Reason = Reason ?? $"./build.sh Deploy (run {ctx.RunId})",
            }, ctx.CancellationToken);
            Finish(ctx, outcome);
        });

    Target Status => _ => _
        .Description("Show what runs where for --model: versions, ports, weights, health, last event; first rolls back a canary left by a killed release")
        .Executes(async ctx =>
        {
            var (deployment, registry, _) = await OpenDeploymentAsync(ctx, starting: false);
            await using var __ = registry;
            var recovery = await Recovery(ctx, deployment, registry).ResolveAsync(Model, ctx.CancellationToken);
            var status = await deployment.StatusAsync(Model, ctx.CancellationToken);
            foreach (var line in ModelDeployment.Format(status).TrimEnd('\n').Split('\n')) Log.Information(line);
            if (status.Instances.FirstOrDefault(i => i.Role == ModelDeployment.GatewayRole && i.Running) is { } gateway)
            {
                Log.Information($"live release page: {gateway.Endpoint.TrimEnd('/')}/release (weights, traffic, latency and scores, the judge's evidence, last decisions)");
                if (gateway.GrpcEndpoint is { } grpc) Log.Information($"gRPC (KServe v2, h2c) through the gateway: {new Uri(grpc).Authority}");
            }
            var uses = await Pipeline.Registry.Usage.PatternUses.LatestAsync(registry, Model, ctx.CancellationToken);
            foreach (var line in Pipeline.Registry.Usage.PatternUses.Format(uses).TrimEnd('\n').Split('\n')) Log.Information(line);
            ctx.Note($"{status.Instances.Count(i => i.Running)}/{status.Instances.Count} running; {recovery.Message}");
            var production = ProductionHealth.Of(status);
            if (!production.IsUp) throw new InvalidOperationException("production is not fully up: " + string.Join(" ", production.Problems));
        });

    Target Promote => _ => _
        .Description("Canary of --model becomes stable at 100 %; the old stable stays warm as previous")
        .Executes(async ctx =>
        {
            var (deployment, registry, _) = await OpenDeploymentAsync(ctx, starting: false);
            await using var __ = registry;
            Finish(ctx, await deployment.PromoteAsync(Model, Reason ?? $"./build.sh Promote (run {ctx.RunId})", ctx.CancellationToken));
        });

    Target Rollback => _ => _
        .Description("Traffic of --model back to stable and the canary stopped; without a canary, back to previous; refused while a release runs")
        .Executes(async ctx =>
        {
            var (deployment, registry, _) = await OpenDeploymentAsync(ctx, starting: false);
            await using var __ = registry;
            var (_, outcome) = await Recovery(ctx, deployment, registry).RollbackAsync(Model, Reason ?? $"./build.sh Rollback (run {ctx.RunId})", ctx.CancellationToken);
            Finish(ctx, outcome);
        });

    Target Down => _ => _
        .Description("Stop the gateway and every server of --model")
        .Executes(async ctx =>
        {
            var (deployment, registry, _) = await OpenDeploymentAsync(ctx, starting: false);
            await using var __ = registry;
            Finish(ctx, await deployment.DownAsync(Model, Reason ?? $"./build.sh Down (run {ctx.RunId})", ctx.CancellationToken));
        });

    string DeployDirectory => Path.Combine(Layout.ArtifactsDirectory, "deploy");

    /// <summary>Status and Rollback first resolve a release interrupted by a kill (its lock broken, its canary rolled back).</summary>
    static ReleaseRecovery Recovery(TargetContext ctx, ModelDeployment deployment, IModelRegistry registry) =>
        new(deployment, registry, ctx.RunId, Environment.GetEnvironmentVariable("GITHUB_ACTOR") is { Length: > 0 } ci ? ci : Environment.UserName,
            line => Log.Information(line));

    /// <summary>Targets for --target (both kinds when available, so instances started earlier elsewhere can still be stopped), the registry and the deployment.</summary>
    async Task<(ModelDeployment Deployment, IModelRegistry Registry, string Kind)> OpenDeploymentAsync(TargetContext ctx, bool starting)
    {
        var engine = DockerEngineClient.FromEnvironment();
        var choice = await TargetSelector.ChooseAsync(DeployTarget, engine, ctx.CancellationToken);
        if (starting && choice.Kind == "docker" && DeployTarget == "auto" && ImageOf(ctx) is null)
            choice = new TargetChoice("process", $"{choice.Reason}, but this run has no image of {Model} (run PackageImage or pass --image), so: process");
        Log.Information($"target {choice.Kind}: {choice.Reason}");

        var programs = TryPrograms();
        if (starting && choice.Kind == "process")
        {
            DotNetBuild("src/Pipeline.Gateway");
            programs = new DeploymentPrograms([await ModelServerExecutableAsync(ctx.CancellationToken)],
                DeploymentPrograms.BuildOutput(SourceDirectory, "Pipeline.Gateway"));
        }
        var process = new ProcessTarget(programs, DeployDirectory, TimeProvider.System);
        IDeploymentTarget? docker = null;
        if (choice.Kind == "docker" || await engine.PingAsync(TimeSpan.FromSeconds(1), ctx.CancellationToken))
        {
            var gatewayApp = starting && choice.Kind == "docker"
                ? await SelfContainedPublisher.PublishAsync(Path.Combine(SourceDirectory, "src", "Pipeline.Gateway"),
                    Path.Combine(Layout.ArtifactsDirectory, "cache", "deploy-publish"), ctx.CancellationToken)
                : null;
            docker = new DockerTarget(engine, gatewayApp, DeployDirectory, TimeProvider.System);
        }
        var primary = choice.Kind == "docker" ? docker! : process;
        var targets = docker is null ? new DeploymentTargets(primary) : new DeploymentTargets(primary, primary == process ? docker : process);

        var registry = await OpenRegistryAsync(ctx.CancellationToken);
        var actor = Environment.GetEnvironmentVariable("GITHUB_ACTOR") is { Length: > 0 } ci ? ci : Environment.UserName;
        var deployment = new ModelDeployment(targets, registry, new DeploymentSettings
        {
            DeployDirectory = DeployDirectory, Actor = actor, RunId = ctx.RunId, GatewayToken = GatewayToken, GatewayPort = GatewayPort,
            Log = line => Log.Information(line),
        });
        return (deployment, registry, choice.Kind);
    }

    DeploymentPrograms TryPrograms()
    {
        try
        {
            return DeploymentPrograms.FromBuildOutput(SourceDirectory);
        }
        catch (FileNotFoundException)
        {
            // Stopping and status work without the executables; starting builds them first.
            return new DeploymentPrograms(["dotnet", "Pipeline.Serving.dll"], ["dotnet", "Pipeline.Gateway.dll"]);
        }
    }

    /// <summary>--image, else the tag of the image PackageImage made for this model (this run or an earlier run of this model), if it carries <paramref name="modelDigest"/>.</summary>
    string? ImageOf(TargetContext ctx, string? modelDigest = null)
    {
        if (DeployImage is { Length: > 0 } explicitImage) return explicitImage;
        var image = ctx.TryRead(Outputs.Image);
        return image is not null && (modelDigest is null || image.ModelDigest == modelDigest) ? image.Tag : null;
    }

    void DotNetBuild(string project)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = SourceDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "build", project, "-nologo", "-v:q" }) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        var output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"dotnet build {project} failed ({p.ExitCode}):\n{output}");
    }

    static void Finish(TargetContext ctx, DeploymentOutcome outcome)
    {
        foreach (var line in outcome.LogTail) Log.Warning("  | " + line);
        if (!outcome.Succeeded) throw new InvalidOperationException(outcome.Message);
        Log.Information(outcome.Message);
        ctx.Note(outcome.Message);
    }
}
