using Pipeline.Deployment.Operations;
using Pipeline.Gateway.Admin;

namespace Pipeline.Deployment.Tests.Operations;

/// <summary>Issue 24 item 2: Status fails unless production (gateway and stable) is fully up, and names the command that fixes it.</summary>
public sealed class ProductionHealthTests
{
    private static InstanceStatus Instance(string role, string version, bool running, bool? ready) =>
        new(role, version, $"http://127.0.0.1:{5000 + role.Length}", "process", "1", 0, running,
            ready is { } r ? new UpstreamHealth(role, "http://x", version, r, r ? "HTTP 200" : "connection refused") : null);

    private static DeploymentStatus Status(params InstanceStatus[] instances) => new() { Model = "fraud-detector", Instances = instances };

    [Fact]
    public void Of_GatewayAndReadyStable_Up()
    {
        var health = ProductionHealth.Of(Status(Instance("gateway", "", true, null), Instance("stable", "v7", true, true)));

        Assert.True(health.IsUp, string.Join(" ", health.Problems));
    }

    [Fact]
    public void Of_StableDownWithWarmPrevious_NotUpAndNamesRollbackAndRedeploy()
    {
        var health = ProductionHealth.Of(Status(
            Instance("gateway", "", true, null), Instance("stable", "v7", false, false), Instance("previous", "v6", true, true)));

        var problem = Assert.Single(health.Problems);
        Assert.False(health.IsUp);
        Assert.Contains("stable v7 of fraud-detector: not running", problem);
        Assert.Contains("serves previous v6 meanwhile", problem);
        Assert.Contains("./build.sh Rollback --model fraud-detector", problem);
        Assert.Contains("./build.sh Deploy --model fraud-detector --model-version v7", problem);
    }

    [Fact]
    public void Of_StableRunningButNotReadyAndNoPrevious_NotUpAndNamesRedeploy()
    {
        var health = ProductionHealth.Of(Status(Instance("gateway", "", true, null), Instance("stable", "v7", true, false)));

        var problem = Assert.Single(health.Problems);
        Assert.Contains("running but not ready (connection refused)", problem);
        Assert.Contains("no warm previous", problem);
        Assert.Contains("--model-version v7", problem);
    }

    [Fact]
    public void Of_GatewayNotRunning_NotUpAndNamesDownThenDeploy()
    {
        var health = ProductionHealth.Of(Status(Instance("gateway", "", false, null), Instance("stable", "v7", true, null)));

        var problem = Assert.Single(health.Problems);
        Assert.Contains("gateway of fraud-detector: not running", problem);
        Assert.Contains("./build.sh Down --model fraud-detector and then ./build.sh Deploy --model fraud-detector --model-version v7", problem);
    }

    [Fact]
    public void Of_NothingDeployed_NotUp()
    {
        Assert.False(ProductionHealth.Of(Status()).IsUp);
    }
}
