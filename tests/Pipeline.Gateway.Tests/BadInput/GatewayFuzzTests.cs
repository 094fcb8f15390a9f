using Pipeline.Gateway.Routing;
using Pipeline.Gateway.Tests.Support;
using Pipeline.Testing.Fuzzing;

namespace Pipeline.Gateway.Tests.BadInput;

/// <summary>Random and mutated bodies through the gateway for a few seconds: no 5xx, no variant error, and a bounded heap.</summary>
public sealed class GatewayFuzzTests
{
    private static readonly string[] Paths = ["/v1/models/fraud-detector:predict", "/v2/models/fraud-detector/infer"];

    [Fact]
    public async Task Forward_MutatedBodiesForThreeSeconds_No5xxNoVariantErrorsHeapBounded()
    {
        await using var g = await GatewayUnderTest.StartAsync(t => t with { CanaryWeight = 30, Strategy = RoutingStrategy.Weighted });
        var random = new Random(2417);
        string[] valid =
        [
            """{"instances":[{"amount":12.5,"country":"US"},{"amount":null,"country":"DE"}]}""",
            """{"inputs":[{"name":"amount","datatype":"FP32","shape":[2,1],"data":[12.5,7]},{"name":"country","datatype":"BYTES","shape":[2,1],"data":["US","DE"]}]}""",
        ];

        var run = await FuzzRun.RunAsync(g.Client, Paths, new MutatedBodies(random, valid), random, TimeSpan.FromSeconds(3));

        Assert.True(run.ServerErrors.Count == 0, run.Summary + "\n" + string.Join("\n", run.ServerErrors));
        Assert.True(run.Sent > 100 && run.ByStatus.GetValueOrDefault(200) > 0 && run.ByStatus.GetValueOrDefault(400) > 0, run.Summary);
        Assert.All(g.Gateway.Metrics.All, kv => Assert.Equal(0, kv.Value.Errors));
        Assert.True(run.HeapGrowthBytes < 32 << 20, $"heap grew by {run.HeapGrowthBytes / 1024} KiB over {run.Summary}");
    }
}
