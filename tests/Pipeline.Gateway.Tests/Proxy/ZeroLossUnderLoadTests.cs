using Pipeline.Gateway.Tests.Support;

namespace Pipeline.Gateway.Tests.Proxy;

public sealed class ZeroLossUnderLoadTests
{
    [Fact]
    public async Task Forward_WeightChangesPromoteAndRollbackAt200RequestsPerSecond_NoClientVisibleError()
    {
        await using var g = await GatewayUnderTest.StartAsync(t => t with { CanaryWeight = 0 });
        var moves = new Func<Task>[]
        {
            () => g.ChangeAsync("/admin/canary-weight", new { weight = 5 }),
            () => g.ChangeAsync("/admin/canary-weight", new { weight = 25 }),
            () => g.ChangeAsync("/admin/canary-weight", new { weight = 50 }),
            () => g.ChangeAsync("/admin/canary-weight", new { weight = 100 }),
            () => g.ChangeAsync("/admin/promote", new { bakeSeconds = 30 }),
            () => g.ChangeAsync("/admin/rollback", new { }),
        };
        var applied = 0;
        var outcome = await SteadyLoad.RunAsync(g, ratePerSecond: 200, duration: TimeSpan.FromSeconds(4.5), async mark =>
        {
            if (mark <= moves.Length) { await moves[mark - 1](); Interlocked.Increment(ref applied); }
        });

        Assert.Equal(moves.Length, applied);
        Assert.True(outcome.Errors.Count == 0, $"{outcome.Errors.Count} of {outcome.Sent} failed: {string.Join(" | ", outcome.Errors.Take(5))}");
        Assert.Equal(900, outcome.Sent);
        Assert.True(outcome.ByVariant.GetValueOrDefault("canary") > 0 && outcome.ByVariant.GetValueOrDefault("stable") > 0);
        Assert.Equal(outcome.Sent, g.Stable.Requests + g.Canary.Requests);
        Assert.Equal(moves.Length, g.Gateway.Routing.Current.Generation);
    }

    [Fact]
    public async Task Forward_CanaryDiesUnderLoad_RetriesKeepClientErrorsAtZero()
    {
        await using var g = await GatewayUnderTest.StartAsync(t => t with { CanaryWeight = 50 });
        var outcome = await SteadyLoad.RunAsync(g, ratePerSecond: 200, duration: TimeSpan.FromSeconds(2), mark =>
        {
            if (mark == 2) g.Canary.FailWith = 500;
            return Task.CompletedTask;
        });
        Assert.True(outcome.Errors.Count == 0, $"{outcome.Errors.Count} failed: {string.Join(" | ", outcome.Errors.Take(5))}");
        var canary = g.Gateway.Metrics.For("canary", "v2");
        Assert.True(canary.Retries > 50, $"expected retries after the canary started failing, saw {canary.Retries}");
        Assert.Equal(canary.Errors, canary.Retries);
    }
}
