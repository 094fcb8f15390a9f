using Pipeline.Gateway.Routing;
using Pipeline.Gateway.Tests.Support;

namespace Pipeline.Gateway.Tests.Hosting;

public sealed class GatewayHostTests
{
    [Fact]
    public async Task Create_ExistingStateFile_RestartResumesSameRouting()
    {
        var dir = Directory.CreateTempSubdirectory("gateway-state-");
        try
        {
            var stateFile = Path.Combine(dir.FullName, "routing.json");
            RoutingTable after;
            await using (var g = await GatewayUnderTest.StartAsync(stateFile: stateFile))
            {
                after = await g.ChangeAsync("/admin/canary-weight", new { weight = 25, reason = "step 2" });
            }
            var restarted = GatewayHost.Create(new GatewayOptions
            {
                StateFile = stateFile,
                InitialRouting = new RoutingTable { Stable = new Upstream("http://127.0.0.1:1", "other") },
            });
            Assert.Equal(after, restarted.Routing.Current);
            Assert.Equal("step 2", restarted.Routing.Current.Reason);
            await restarted.App.DisposeAsync();
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Metrics_AfterTraffic_PrometheusTextPerVariant()
    {
        await using var g = await GatewayUnderTest.StartAsync(t => t with { CanaryWeight = 100 });
        for (var i = 0; i < 5; i++) { using var r = await g.InferAsync(); r.EnsureSuccessStatusCode(); }
        var text = await g.Client.GetStringAsync("/metrics");
        Assert.Contains("pipeline_gateway_requests_total{variant=\"canary\",version=\"v2\"} 5", text);
        Assert.Contains("pipeline_gateway_prediction_score_bucket{variant=\"canary\",version=\"v2\",le=\"0.8\"} 5", text);
        Assert.Contains("pipeline_gateway_prediction_score_bucket{variant=\"canary\",version=\"v2\",le=\"0.7\"} 0", text);
        Assert.Contains("pipeline_gateway_request_duration_seconds_count{variant=\"canary\",version=\"v2\"} 5", text);
        Assert.Contains("pipeline_gateway_canary_weight_percent 100", text);
    }

    [Fact]
    public void Parse_BadArguments_ListsEveryProblem()
    {
        var (options, errors) = GatewayCommandLine.Parse(
            ["--canary-weight", "120", "--stable", "localhost:5000", "--strategy", "random", "--colour", "red"], _ => null);
        Assert.Null(options);
        Assert.Contains(errors, e => e.Contains("--strategy"));
        Assert.Contains(errors, e => e.Contains("--colour"));
        Assert.Contains(errors, e => e.Contains("stable.url"));
        Assert.Contains(errors, e => e.Contains("canaryWeight"));
    }

    [Fact]
    public void Parse_ValidArguments_TokenFromEnvironment()
    {
        var (options, errors) = GatewayCommandLine.Parse(
            ["--port", "8080", "--stable", "http://127.0.0.1:5001", "--canary", "http://127.0.0.1:5002", "--canary-weight", "10"],
            name => name == "PIPELINE_GATEWAY_TOKEN" ? "s3cret" : null);
        Assert.Empty(errors);
        Assert.Equal(8080, options!.Port);
        Assert.Equal(10, options.InitialRouting!.CanaryWeight);
        Assert.Equal("s3cret", options.AdminToken);
    }

    [Fact]
    public void Parse_GrpcPortAndUpstreams_InRoutingTable()
    {
        var (options, errors) = GatewayCommandLine.Parse(
            ["--port", "8080", "--grpc-port", "8081", "--stable", "http://127.0.0.1:5001", "--stable-grpc", "http://127.0.0.1:5002",
             "--canary", "http://127.0.0.1:5003", "--canary-grpc", "http://127.0.0.1:5004"], _ => null);
        Assert.Empty(errors);
        Assert.Equal(8081, options!.GrpcPort);
        Assert.Equal("http://127.0.0.1:5002", options.InitialRouting!.Stable.Grpc);
        Assert.Equal("http://127.0.0.1:5004", options.InitialRouting.Canary!.Grpc);
        Assert.Equal(-1, GatewayCommandLine.Parse(["--stable", "http://127.0.0.1:5001"], _ => null).Options!.GrpcPort);
    }

    [Fact]
    public void Parse_BadGrpcArguments_EachNamedWithItsFix()
    {
        var (options, errors) = GatewayCommandLine.Parse(
            ["--port", "8080", "--grpc-port", "8080", "--stable", "http://127.0.0.1:5001", "--stable-grpc", "127.0.0.1:5002", "--canary-grpc", "http://127.0.0.1:5004"], _ => null);
        Assert.Null(options);
        Assert.Contains(errors, e => e.Contains("--grpc-port: 8080 is also --port"));
        Assert.Contains(errors, e => e.Contains("stable.grpc: \"127.0.0.1:5002\" is not an absolute http(s) URL"));
        Assert.Contains(errors, e => e.Contains("--canary-grpc: given without --canary"));
    }
}
