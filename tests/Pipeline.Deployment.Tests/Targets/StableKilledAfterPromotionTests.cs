using Pipeline.Deployment.Operations;
using Pipeline.Deployment.Targets.Process;
using Pipeline.Deployment.Tests.Support;

namespace Pipeline.Deployment.Tests.Targets;

/// <summary>
/// Issue 24 item 2: the new stable is SIGKILLed 0.6 s after its promotion while a client sends 100 predictions a second. The
/// gateway retries the requests that were in the dead server and sends stable's traffic to the warm previous until the
/// process target's watchdog has the server back; then the restarted stable answers again. Production stays up throughout.
/// </summary>
public sealed class StableKilledAfterPromotionTests
{
    [Fact]
    public async Task Promote_NewStableKilledUnderLoad_NoClientErrorAndTheWatchdogRestartsIt()
    {
        await using var h = await DeploymentHarness.CreateAsync(dir =>
            new ProcessTarget(DeploymentPrograms.FromBuildOutput(RepoRoot.Path), dir, TimeProvider.System));
        var ct = CancellationToken.None;
        var v1 = FraudModels.Write(h.Root, "v1", intercept: -3.5);
        var v2 = FraudModels.Write(h.Root, "v2", intercept: -1.0);
        await h.RegisterAsync("v1", v1);
        await h.RegisterAsync("v2", v2);
        Assert.True((await h.Deployment.DeployAsync(new DeployRequest { Model = DeploymentHarness.Model, Version = "v1", ModelFile = v1, ConfigFile = h.ConfigFile }, ct)).Succeeded, h.LogText);
        var canary = await h.Deployment.DeployAsync(new DeployRequest { Model = DeploymentHarness.Model, Version = "v2", ModelFile = v2, ConfigFile = h.ConfigFile, CanaryWeight = 20 }, ct);
        Assert.True(canary.Succeeded, canary.Message + "\n" + string.Join("\n", canary.LogTail));
        // A server that dies young is a failed start, which the watchdog reports instead of restarting: let v2 age past that.
        await Task.Delay(TimeSpan.FromSeconds(ServerWatchdog.MinimumUptimeSeconds + 1));
        var gateway = await h.GatewayEndpointAsync();

        var killed = 0;
        var load = await BackgroundLoad.RunDuringAsync(h, gateway, 100, TimeSpan.FromSeconds(6), async () =>
        {
            Assert.True((await h.Deployment.PromoteAsync(DeploymentHarness.Model, "test promote", ct)).Succeeded);
            await Task.Delay(600);
            var stable = (await h.Registry.ListSlotsAsync(DeploymentHarness.Model)).Single(s => s.Variant == ModelDeployment.StableRole);
            killed = WatchdogChild.Of(stable.ProcessId!.Value);
            Assert.True(Signals.Send(killed, Signals.Kill));
            await WaitReadyAsync(h.Client, stable.Endpoint, TimeSpan.FromSeconds(60));
        });

        // Bound 0: every request the kill broke was buffered, so it was retried once on previous (v1, warm).
        Assert.True(load.Errors.Count == 0, $"{load.Errors.Count} of {load.Sent} failed: {string.Join(" | ", load.Errors.Take(3))}");
        Assert.Contains("v1", load.Versions);
        var restarted = (await h.Registry.ListSlotsAsync(DeploymentHarness.Model)).Single(s => s.Variant == ModelDeployment.StableRole);
        Assert.NotEqual(killed, WatchdogChild.Of(restarted.ProcessId!.Value));
        // Back on the restarted v2 once the gateway's memory of the outage has lapsed.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        var version = (await h.PredictAsync(gateway)).Version;
        while (version != "v2" && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            version = (await h.PredictAsync(gateway)).Version;
        }
        Assert.Equal("v2", version);
        var status = await h.Deployment.StatusAsync(DeploymentHarness.Model, ct);
        Assert.True(ProductionHealth.Of(status).IsUp, string.Join(" ", ProductionHealth.Of(status).Problems));
    }

    private static async Task WaitReadyAsync(HttpClient client, string endpoint, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var r = await client.GetAsync(endpoint + "/v2/health/ready");
                if (r.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"{endpoint} was not ready again within {timeout.TotalSeconds} s");
    }
}
