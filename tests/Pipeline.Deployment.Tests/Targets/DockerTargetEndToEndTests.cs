using Pipeline.Deployment.Operations;
using Pipeline.Deployment.Targets;
using Pipeline.Deployment.Targets.Docker;
using Pipeline.Deployment.Tests.Support;
using Pipeline.Packaging.Docker;
using Pipeline.Registry.Aliases;
using Xunit.Abstractions;

namespace Pipeline.Deployment.Tests.Targets;

public sealed class DockerTargetEndToEndTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Deploy_TwoImagesOnBridgeNetwork_GatewayContainerSwitchesBetweenThem()
    {
        using var engine = DockerEngineClient.FromEnvironment();
        if (!await EngineAnswersAsync(engine)) return;
        var choice = await TargetSelector.ChooseAsync("auto", engine, CancellationToken.None);
        Assert.Equal("docker", choice.Kind);
        output.WriteLine(choice.Reason);

        var gatewayApp = await SelfContainedPublisher.PublishAsync(Path.Combine(RepoRoot.Path, "src", "Pipeline.Gateway"), ModelImages.PublishRoot, CancellationToken.None);
        await using var h = await DeploymentHarness.CreateAsync(dir => new DockerTarget(engine, gatewayApp, dir, TimeProvider.System));
        var v1 = FraudModels.Write(h.Root, "v1", intercept: -3.5);
        var v2 = FraudModels.Write(h.Root, "v2", intercept: -1.0);
        await h.RegisterAsync("v1", v1);
        await h.RegisterAsync("v2", v2);
        var image1 = await ModelImages.BuildAndLoadAsync(engine, h.Root, "v1", v1);
        var image2 = await ModelImages.BuildAndLoadAsync(engine, h.Root, "v2", v2);
        var ct = CancellationToken.None;

        var first = await h.Deployment.DeployAsync(new DeployRequest { Model = DeploymentHarness.Model, Version = "v1", Image = image1 }, ct);
        Assert.True(first.Succeeded, first.Message + "\n" + string.Join("\n", first.LogTail) + "\n" + h.LogText);
        var gateway = await h.GatewayEndpointAsync();
        Assert.Equal("v1", (await h.PredictAsync(gateway)).Version);
        var token = File.ReadAllText(Path.Combine(h.DeployDirectory, DeploymentHarness.Model, "gateway.token")).Trim();
        var inspect = await DockerInspectAsync(((DockerTarget)h.Target).ContainerName(DeploymentHarness.Model, "gateway"));
        Assert.DoesNotContain(token, inspect, StringComparison.Ordinal);
        Assert.Contains("PIPELINE_GATEWAY_TOKEN_FILE=/state/admin.token", inspect, StringComparison.Ordinal);

        var canary = await h.Deployment.DeployAsync(new DeployRequest { Model = DeploymentHarness.Model, Version = "v2", Image = image2, CanaryWeight = 50 }, ct);
        Assert.True(canary.Succeeded, canary.Message + "\n" + string.Join("\n", canary.LogTail));
        var seen = new HashSet<string>();
        for (var i = 0; i < 40; i++) seen.Add((await h.PredictAsync(gateway)).Version);
        Assert.Equal(["v1", "v2"], seen.Order());

        var promote = await BackgroundLoad.RunDuringAsync(h, gateway, 200, TimeSpan.FromSeconds(1.5),
            async () => Assert.True((await h.Deployment.PromoteAsync(DeploymentHarness.Model, "docker promote", ct)).Succeeded));
        Assert.True(promote.Errors.Count == 0, $"{promote.Errors.Count} of {promote.Sent} failed during promote: {string.Join(" | ", promote.Errors.Take(3))}");
        for (var i = 0; i < 10; i++) Assert.Equal("v2", (await h.PredictAsync(gateway)).Version);
        Assert.Equal("v2", (await h.Registry.GetAliasAsync(DeploymentHarness.Model, AliasNames.Production))?.Version);

        var rollback = await h.Deployment.RollbackAsync(DeploymentHarness.Model, "docker switch-back", ct);
        Assert.True(rollback.Succeeded, rollback.Message);
        for (var i = 0; i < 10; i++) Assert.Equal("v1", (await h.PredictAsync(gateway)).Version);

        var status = await h.Deployment.StatusAsync(DeploymentHarness.Model, ct);
        output.WriteLine(ModelDeployment.Format(status));
        Assert.All(status.Instances, i => Assert.Equal("docker", i.Target));
        var containers = status.Instances.Select(i => i.Id).ToList();

        Assert.True((await h.Deployment.DownAsync(DeploymentHarness.Model, "docker down", ct)).Succeeded);
        foreach (var id in containers) Assert.Null(await engine.InspectContainerAsync(id));
        Assert.Null(await engine.InspectNetworkAsync(((DockerTarget)h.Target).NetworkName(DeploymentHarness.Model)));
    }

    [Fact]
    public async Task Deploy_SameModelFromTwoCheckouts_EachKeepsItsOwnContainersAndNetwork()
    {
        // Two checkouts (or two CI jobs) on one Docker host deploying the same model and version: names are scoped by the
        // deploy directory, so the second deploy neither replaces nor takes down the first one's servers.
        using var engine = DockerEngineClient.FromEnvironment();
        if (!await EngineAnswersAsync(engine)) return;
        var gatewayApp = await SelfContainedPublisher.PublishAsync(Path.Combine(RepoRoot.Path, "src", "Pipeline.Gateway"), ModelImages.PublishRoot, CancellationToken.None);
        await using var a = await DeploymentHarness.CreateAsync(dir => new DockerTarget(engine, gatewayApp, dir, TimeProvider.System));
        await using var b = await DeploymentHarness.CreateAsync(dir => new DockerTarget(engine, gatewayApp, dir, TimeProvider.System));
        var (targetA, targetB) = ((DockerTarget)a.Target, (DockerTarget)b.Target);
        Assert.NotEqual(targetA.Scope, targetB.Scope);
        Assert.Equal(targetA.Scope, DockerTarget.ScopeOf(a.DeployDirectory + "/"));      // stable for one directory
        var model = FraudModels.Write(a.Root, "v1", intercept: -3.5);
        var image = await ModelImages.BuildAndLoadAsync(engine, a.Root, "v1", model);
        var ct = CancellationToken.None;
        foreach (var h in new[] { a, b })
        {
            await h.RegisterAsync("v1", model);
            var deployed = await h.Deployment.DeployAsync(new DeployRequest { Model = DeploymentHarness.Model, Version = "v1", Image = image }, ct);
            Assert.True(deployed.Succeeded, deployed.Message + "\n" + string.Join("\n", deployed.LogTail) + "\n" + h.LogText);
        }
        var serverA = await engine.InspectContainerAsync(targetA.ContainerName(DeploymentHarness.Model, "v1"));
        var serverB = await engine.InspectContainerAsync(targetB.ContainerName(DeploymentHarness.Model, "v1"));
        Assert.True(serverA is { State.Running: true } && serverB is { State.Running: true }, "both checkouts' v1 servers should be running");
        Assert.NotEqual(serverA!.Id, serverB!.Id);
        Assert.Equal("v1", (await a.PredictAsync(await a.GatewayEndpointAsync())).Version);
        Assert.Equal("v1", (await b.PredictAsync(await b.GatewayEndpointAsync())).Version);

        Assert.True((await a.Deployment.DownAsync(DeploymentHarness.Model, "first checkout down", ct)).Succeeded);
        Assert.Null(await engine.InspectContainerAsync(serverA.Id));
        Assert.Null(await engine.InspectNetworkAsync(targetA.NetworkName(DeploymentHarness.Model)));
        Assert.True(await engine.InspectContainerAsync(serverB.Id) is { State.Running: true }, "the other checkout's server was taken down");
        Assert.NotNull(await engine.InspectNetworkAsync(targetB.NetworkName(DeploymentHarness.Model)));
        Assert.Equal("v1", (await b.PredictAsync(await b.GatewayEndpointAsync())).Version);
    }

    /// <summary>False (the test then returns) only on a developer machine without an engine; CI always has one (.ci/install/30-docker.sh).</summary>
    /// <summary>What anyone allowed to run `docker inspect` sees of a container.</summary>
    private static async Task<string> DockerInspectAsync(string container)
    {
        var start = new System.Diagnostics.ProcessStartInfo("docker") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("inspect");
        start.ArgumentList.Add(container);
        using var docker = System.Diagnostics.Process.Start(start)!;
        var text = await docker.StandardOutput.ReadToEndAsync();
        await docker.WaitForExitAsync();
        Assert.True(docker.ExitCode == 0, $"docker inspect {container} failed: {await docker.StandardError.ReadToEndAsync()}");
        return text;
    }

    private async Task<bool> EngineAnswersAsync(DockerEngineClient engine)
    {
        if (await engine.PingAsync(TimeSpan.FromSeconds(5))) return true;
        Assert.False(Environment.GetEnvironmentVariable("CI") == "true", $"CI=true but no Docker engine answers at {engine.Endpoint}; run .ci/install/30-docker.sh.");
        output.WriteLine($"SKIPPED: no Docker engine answers at {engine.Endpoint}; start one with `sudo .ci/install/30-docker.sh` to run the docker target end to end.");
        return false;
    }
}
