namespace Pipeline.Gateway.Routing;

/// <summary>The named moves between routing tables (promote, roll back, set weight); pure functions, validated by the caller.</summary>
public static class RoutingTransitions
{
    /// <summary>Canary becomes stable at 100 %; the old stable is kept as <c>previous</c> (warm for <paramref name="bake"/>).</summary>
    public static RoutingTable Promote(RoutingTable table, DateTimeOffset now, TimeSpan? bake = null)
    {
        if (table.Canary is null)
            throw new RoutingTransitionException("promote: there is no canary to promote; start a canary first (Deploy --variant canary).");
        return table with
        {
            Stable = table.Canary,
            Previous = table.Stable,
            Canary = null,
            CanaryWeight = 0,
            BakeUntil = bake is { } b ? now + b : null,
        };
    }

    /// <summary>All traffic back to stable and the canary removed; without a canary, switch back to <c>previous</c>.</summary>
    public static RoutingTable Rollback(RoutingTable table)
    {
        if (table.Canary is not null)
            return table with { Canary = null, CanaryWeight = 0 };
        if (table.Previous is not null)
            return table with { Stable = table.Previous, Previous = null, BakeUntil = null };
        throw new RoutingTransitionException("rollback: no canary and no previous version; there is nothing to roll back to.");
    }

    public static RoutingTable WithCanaryWeight(RoutingTable table, double weight) => table with { CanaryWeight = weight };
}
