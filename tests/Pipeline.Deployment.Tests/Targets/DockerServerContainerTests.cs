using Pipeline.Deployment.Targets;
using Pipeline.Deployment.Targets.Docker;
using Pipeline.Packaging.Docker;

namespace Pipeline.Deployment.Tests.Targets;

/// <summary>Issue 24 items 2 and 10: what the docker target asks the engine for, checked without an engine.</summary>
public sealed class DockerServerContainerTests
{
    private static readonly DockerTarget Target = new(new DockerEngineClient(DockerEndpoint.Parse("unix:///nonexistent.sock")), null, "/tmp/deploy", TimeProvider.System);

    [Fact]
    public void ServerContainer_AnyVersion_RestartsOnFailureAndServesItsRegistryVersionAndRole()
    {
        var launch = new ServerLaunch { Model = "fraud-detector", Version = "v7", Role = "canary", Image = "pipeline/fraud-detector:abc123" };

        var request = Target.ServerContainer(launch, "net", "pipeline-x-fraud-detector-v7");

        Assert.Equal("on-failure", request.HostConfig!.RestartPolicy!.Name);
        Assert.True(request.HostConfig.RestartPolicy.MaximumRetryCount > 0);
        // Appended to the image's entrypoint, whose --version is the commit it was built from: the last value wins.
        Assert.Equal(["--version", "v7", "--variant", "canary"], request.Cmd!.Take(4));
    }

    [Fact]
    public void ServerContainer_AnyVersion_WritesItsPredictionLogWhereMonitorReadsIt()
    {
        var launch = new ServerLaunch { Model = "fraud-detector", Version = "v7", Role = "stable", Image = "pipeline/fraud-detector:abc123" };

        var request = Target.ServerContainer(launch, "net", "pipeline-x-fraud-detector-v7");

        // The process target's folder for the model: Monitor and Sample read both targets' logs from there.
        var host = Pipeline.Deployment.Targets.Process.ProcessTarget.PredictionLogDirectory("/tmp/deploy", "fraud-detector");
        Assert.Contains($"{host}:/predictions", request.HostConfig!.Binds!);
        Assert.Equal(["--prediction-log", "/predictions"], request.Cmd!.Skip(4).Take(2));
        Assert.NotNull(request.User);
    }

    [Fact]
    public void ServerContainer_AnyVersion_PublishesRestAndGrpcPortsOnLoopback()
    {
        var launch = new ServerLaunch { Model = "fraud-detector", Version = "v7", Role = "stable", Image = "pipeline/fraud-detector:abc123" };

        var request = Target.ServerContainer(launch, "net", "pipeline-x-fraud-detector-v7");

        Assert.Equal(["8080/tcp", "8081/tcp"], request.ExposedPorts!.Keys.Order());
        Assert.Equal(["8080/tcp", "8081/tcp"], request.HostConfig!.PortBindings!.Keys.Order());
        Assert.All(request.HostConfig.PortBindings.Values, b => Assert.Equal("127.0.0.1", Assert.Single(b).HostIp));
    }

    [Fact]
    public void GatewayArguments_StableWithGrpc_GatewayListensForGrpcAndKnowsTheStablesGrpcUrl()
    {
        var stable = new RunningInstance
        {
            Model = "fraud-detector", Role = "stable", Version = "v1", Endpoint = "http://127.0.0.1:5000", InternalEndpoint = "http://s:8080",
            GrpcEndpoint = "http://127.0.0.1:5001", InternalGrpcEndpoint = "http://s:8081", TargetKind = "docker",
        };
        var launch = new GatewayLaunch { Model = "fraud-detector", Stable = stable, AdminToken = "t" };

        Assert.Equal(["--grpc-port", "8081", "--stable-grpc", "http://s:8081"], launch.GrpcArguments(8081));
        Assert.Equal(["--grpc-port", "0"], (launch with { Stable = stable with { InternalGrpcEndpoint = null } }).GrpcArguments(0));
    }
}
