namespace Pipeline.Gateway.Routing;

/// <summary>Immutable routing state of the gateway; replaced as a whole, never mutated, so a request sees one consistent table.</summary>
public sealed record RoutingTable
{
    public required Upstream Stable { get; init; }

    public Upstream? Canary { get; init; }

    /// <summary>The stable before the last promotion, kept warm for an instant switch-back.</summary>
    public Upstream? Previous { get; init; }

    public RoutingStrategy Strategy { get; init; } = RoutingStrategy.Weighted;

    /// <summary>Percentage 0–100 of traffic for the canary (for <see cref="RoutingStrategy.Shadow"/>: share of requests copied).</summary>
    public double CanaryWeight { get; init; }

    /// <summary>Header whose value is the sticky key.</summary>
    public string StickyHeader { get; init; } = "X-Pipeline-Key";

    /// <summary>JSON field of the request body used as sticky key when the header is absent (e.g. <c>customer_id</c>).</summary>
    public string? StickyField { get; init; }

    /// <summary>Shadow: a canary score further than this from the stable score counts as a disagreement.</summary>
    public double ShadowTolerance { get; init; } = 0.05;

    /// <summary>Until when <see cref="Previous"/> is kept warm after a promotion (blue-green bake time).</summary>
    public DateTimeOffset? BakeUntil { get; init; }

    /// <summary>Increases by one on every change; lets writers detect a concurrent change.</summary>
    public long Generation { get; init; }

    public DateTimeOffset ChangedAt { get; init; }

    /// <summary>Why the last change was made.</summary>
    public string Reason { get; init; } = "";

    /// <summary>Effective canary share after the strategy's rules (no canary means 0).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public double EffectiveCanaryWeight => Canary is null ? 0 : CanaryWeight;
}
