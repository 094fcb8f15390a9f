namespace Pipeline.Gateway.Routing;

/// <summary>Decides the variant of each request from the routing table, the sticky key and a seeded random source.</summary>
public sealed class VariantSelector(Random random)
{
    private readonly Lock _randomLock = new();

    public RouteDecision Select(RoutingTable table, string? stickyKey)
    {
        if (table.Canary is null) return new RouteDecision(Variant.Stable, false);
        var weight = table.CanaryWeight;
        return table.Strategy switch
        {
            RoutingStrategy.Shadow => new RouteDecision(Variant.Stable, weight > 0 && Roll() < weight),
            RoutingStrategy.BlueGreen => new RouteDecision(weight >= 100 ? Variant.Canary : Variant.Stable, false),
            RoutingStrategy.Sticky when stickyKey is not null =>
                new RouteDecision(StickyHash.Bucket(stickyKey) < weight ? Variant.Canary : Variant.Stable, false),
            _ => new RouteDecision(weight > 0 && Roll() < weight ? Variant.Canary : Variant.Stable, false),
        };
    }

    private double Roll()
    {
        lock (_randomLock) return random.NextDouble() * 100;
    }
}
