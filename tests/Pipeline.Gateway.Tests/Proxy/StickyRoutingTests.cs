using Pipeline.Gateway.Routing;
using Pipeline.Gateway.Tests.Support;

namespace Pipeline.Gateway.Tests.Proxy;

public sealed class StickyRoutingTests
{
    [Fact]
    public async Task Forward_StickyHeader_KeyNeverSwitchesAndCanaryKeysStayWhenWeightGrows()
    {
        await using var g = await GatewayUnderTest.StartAsync(t => t with { Strategy = RoutingStrategy.Sticky, CanaryWeight = 20 });
        var keys = Enumerable.Range(0, 200).Select(i => $"c{i:D5}").ToArray();
        var first = await AssignAsync(g, keys, key => g.InferAsync(key: key), rounds: 3);

        var share = first.Values.Count(v => v == "canary") / (double)keys.Length;
        Assert.InRange(share, 0.10, 0.32);

        await g.ChangeAsync("/admin/canary-weight", new { weight = 50 });
        var second = await AssignAsync(g, keys, key => g.InferAsync(key: key), rounds: 2);
        Assert.All(keys.Where(k => first[k] == "canary"), k => Assert.Equal("canary", second[k]));
        Assert.True(second.Values.Count(v => v == "canary") > first.Values.Count(v => v == "canary"));
    }

    [Fact]
    public async Task Forward_StickyJsonField_SameCustomerAlwaysSameVariant()
    {
        await using var g = await GatewayUnderTest.StartAsync(t => t with { Strategy = RoutingStrategy.Sticky, CanaryWeight = 50, StickyField = "customer_id" });
        var customers = Enumerable.Range(0, 100).Select(i => $"cust-{i}").ToArray();
        var assigned = await AssignAsync(g, customers, c => g.InferAsync(customerId: c), rounds: 4);
        Assert.Contains("canary", assigned.Values);
        Assert.Contains("stable", assigned.Values);
    }

    /// <summary>Sends every key <paramref name="rounds"/> times and fails if any key was answered by two variants.</summary>
    private static async Task<Dictionary<string, string>> AssignAsync(
        GatewayUnderTest g, string[] keys, Func<string, Task<HttpResponseMessage>> send, int rounds)
    {
        var seen = new Dictionary<string, string>();
        for (var round = 0; round < rounds; round++)
        {
            var answers = await Task.WhenAll(keys.Select(async k =>
            {
                using var r = await send(k);
                r.EnsureSuccessStatusCode();
                return (Key: k, Variant: GatewayUnderTest.VariantOf(r));
            }));
            foreach (var (key, variant) in answers)
            {
                if (seen.TryGetValue(key, out var before)) Assert.True(before == variant, $"key {key} switched from {before} to {variant} in round {round}");
                else seen[key] = variant;
            }
        }
        return seen;
    }
}
