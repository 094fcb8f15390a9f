using Pipeline.Gateway.Routing;

namespace Pipeline.Gateway.Tests.Routing;

public sealed class RoutingTransitionsTests
{
    private static readonly Upstream V1 = new("http://127.0.0.1:5001", "v1");
    private static readonly Upstream V2 = new("http://127.0.0.1:5002", "v2");
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Promote_Canary_BecomesStableAndOldStableIsPrevious()
    {
        var table = RoutingTransitions.Promote(new RoutingTable { Stable = V1, Canary = V2, CanaryWeight = 50 }, Now, TimeSpan.FromMinutes(5));
        Assert.Equal(V2, table.Stable);
        Assert.Equal(V1, table.Previous);
        Assert.Null(table.Canary);
        Assert.Equal(Now.AddMinutes(5), table.BakeUntil);
    }

    [Fact]
    public void Rollback_WithCanary_RemovesCanaryElseSwitchesBackToPrevious()
    {
        var withCanary = RoutingTransitions.Rollback(new RoutingTable { Stable = V1, Canary = V2, CanaryWeight = 25, Previous = V2 });
        Assert.Equal(V1, withCanary.Stable);
        Assert.Null(withCanary.Canary);
        Assert.Equal(0, withCanary.CanaryWeight);

        var afterPromote = RoutingTransitions.Rollback(new RoutingTable { Stable = V2, Previous = V1 });
        Assert.Equal(V1, afterPromote.Stable);
        Assert.Null(afterPromote.Previous);
    }

    [Fact]
    public void Rollback_NothingToRollBackTo_Refused() =>
        Assert.Throws<RoutingTransitionException>(() => RoutingTransitions.Rollback(new RoutingTable { Stable = V1 }));

    [Fact]
    public void Validate_BlueGreenHalfWeight_Rejected() =>
        Assert.Contains(RoutingTableValidator.Validate(new RoutingTable { Stable = V1, Canary = V2, Strategy = RoutingStrategy.BlueGreen, CanaryWeight = 50 }),
            e => e.Contains("blue-green"));
}
