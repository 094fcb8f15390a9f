using Pipeline.Deployment.Operations;
using Pipeline.Deployment.Targets.Process;
using Pipeline.Deployment.Targets;
using Pipeline.Deployment.Tests.Support;
using Pipeline.Registry.Aliases;

namespace Pipeline.Deployment.Tests.Targets;

public sealed class ProcessTargetEndToEndTests
{
    [Fact]
    public async Task StartGateway_FixedPortInUse_FailsWithTheBindErrorFromItsLog()
    {
        var dir = Directory.CreateTempSubdirectory("pipeline-process-target-").FullName;
        try
        {
            using var occupant = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
            occupant.Start();
            var busy = ((System.Net.IPEndPoint)occupant.LocalEndpoint).Port;
            var target = new ProcessTarget(DeploymentPrograms.FromBuildOutput(RepoRoot.Path), dir, TimeProvider.System);
            var stable = new RunningInstance
            {
                Model = "fraud-detector", Role = "stable", Version = "v1", Endpoint = "http://127.0.0.1:9", InternalEndpoint = "http://127.0.0.1:9", TargetKind = "process",
            };

            var outcome = await target.StartGatewayAsync(new GatewayLaunch { Model = "fraud-detector", Stable = stable, Port = busy, AdminToken = "t" }, CancellationToken.None);

            Assert.False(outcome.Started);
            Assert.Contains("exited before it was ready", outcome.Message);
            Assert.Contains(" starting ", outcome.LogTail[0]);
            Assert.Contains(outcome.LogTail, l => l.Contains($"127.0.0.1:{busy}: address already in use", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Deploy_TwoVersionsOfDefaultModel_SideBySideSwitchWithoutClientErrors()
    {
        await using var h = await DeploymentHarness.CreateAsync(dir =>
            new ProcessTarget(DeploymentPrograms.FromBuildOutput(RepoRoot.Path), dir, TimeProvider.System));
        var v1 = FraudModels.Write(h.Root, "v1", intercept: -3.5);
        var v2 = FraudModels.Write(h.Root, "v2", intercept: -1.0);
        var ct = CancellationToken.None;
        await h.RegisterAsync("v1", v1);
        await h.RegisterAsync("v2", v2);
        await h.RegisterAsync("v9", v1);

        var first = await h.Deployment.DeployAsync(new DeployRequest { Model = DeploymentHarness.Model, Version = "v1", ModelFile = v1, ConfigFile = h.ConfigFile }, ct);
        Assert.True(first.Succeeded, first.Message + "\n" + string.Join("\n", first.LogTail) + "\n" + h.LogText);
        var gateway = await h.GatewayEndpointAsync();
        var (version, stableScore) = await h.PredictAsync(gateway);
        Assert.Equal("v1", version);

        // A version that cannot become ready is stopped with its log, and the running deployment does not change.
        var broken = await h.Deployment.DeployAsync(new DeployRequest
        {
            Model = DeploymentHarness.Model, Version = "v9", ModelFile = Path.Combine(h.Root, "missing.onnx"), ConfigFile = h.ConfigFile,
        }, ct);
        Assert.False(broken.Succeeded);
        Assert.NotEmpty(broken.LogTail);
        Assert.Contains("nothing else changed", broken.Message);
        Assert.Equal(["gateway", "stable"], (await h.Registry.ListSlotsAsync(DeploymentHarness.Model)).Select(s => s.Variant).Order());

        var canary = await h.Deployment.DeployAsync(new DeployRequest { Model = DeploymentHarness.Model, Version = "v2", ModelFile = v2, ConfigFile = h.ConfigFile, CanaryWeight = 50 }, ct);
        Assert.True(canary.Succeeded, canary.Message + "\n" + string.Join("\n", canary.LogTail));
        var answers = new List<(string Version, double Score)>();
        for (var i = 0; i < 60; i++) answers.Add(await h.PredictAsync(gateway));
        Assert.Contains(answers, a => a.Version == "v1");
        Assert.Contains(answers, a => a.Version == "v2");
        var canaryScore = answers.First(a => a.Version == "v2").Score;
        Assert.True(Math.Abs(canaryScore - stableScore) > 0.05, $"v1 {stableScore} and v2 {canaryScore} should score differently");

        var promote = await BackgroundLoad.RunDuringAsync(h, gateway, 200, TimeSpan.FromSeconds(1.5),
            async () => Assert.True((await h.Deployment.PromoteAsync(DeploymentHarness.Model, "test promote", ct)).Succeeded));
        Assert.True(promote.Errors.Count == 0, $"{promote.Errors.Count} of {promote.Sent} failed during promote: {string.Join(" | ", promote.Errors.Take(3))}");
        for (var i = 0; i < 20; i++) Assert.Equal("v2", (await h.PredictAsync(gateway)).Version);
        Assert.Equal("v2", (await h.Registry.GetAliasAsync(DeploymentHarness.Model, AliasNames.Production))?.Version);
        Assert.Equal("v1", (await h.Registry.GetAliasAsync(DeploymentHarness.Model, AliasNames.Previous))?.Version);

        var status = await h.Deployment.StatusAsync(DeploymentHarness.Model, ct);
        Assert.All(status.Instances, i => Assert.True(i.Running, $"{i.Role} {i.Version} not running"));
        Assert.Equal(["gateway", "previous", "stable"], status.Instances.Select(i => i.Role).Order());
        Assert.True(status.Instances.Single(i => i.Role == "previous").Health?.Ready);
        Assert.Equal("promote", status.LastEvent?.Action);
        Assert.Contains("previous", ModelDeployment.Format(status));

        var rollback = await BackgroundLoad.RunDuringAsync(h, gateway, 200, TimeSpan.FromSeconds(1.5),
            async () => Assert.True((await h.Deployment.RollbackAsync(DeploymentHarness.Model, "test switch-back", ct)).Succeeded));
        Assert.True(rollback.Errors.Count == 0, $"{rollback.Errors.Count} of {rollback.Sent} failed during rollback: {string.Join(" | ", rollback.Errors.Take(3))}");
        for (var i = 0; i < 20; i++) Assert.Equal("v1", (await h.PredictAsync(gateway)).Version);
        Assert.Equal("v1", (await h.Registry.GetAliasAsync(DeploymentHarness.Model, AliasNames.Production))?.Version);

        var events = await h.Registry.ListEventsAsync(DeploymentHarness.Model, 10);
        Assert.Equal(["rollback", "promote", "canary-start", "deploy-failed", "deploy"], events.Select(e => e.Action).Take(5));

        var slots = await h.Registry.ListSlotsAsync(DeploymentHarness.Model);
        var down = await h.Deployment.DownAsync(DeploymentHarness.Model, "test down", ct);
        Assert.True(down.Succeeded, down.Message);
        Assert.Empty(await h.Registry.ListSlotsAsync(DeploymentHarness.Model));
        foreach (var slot in slots) Assert.False(File.Exists($"/proc/{slot.ProcessId}/cmdline") && File.ReadAllText($"/proc/{slot.ProcessId}/cmdline").Contains("Pipeline."), $"{slot.Variant} pid {slot.ProcessId} still runs");
    }
}
