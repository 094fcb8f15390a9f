namespace Pipeline.Gateway.Routing;

/// <summary>How live traffic is split between the stable and the canary upstream.</summary>
public enum RoutingStrategy
{
    /// <summary>Each request goes to the canary with probability <c>CanaryWeight</c> %.</summary>
    Weighted,

    /// <summary>Canary (green) gets 0 % or 100 %: smoke-tested at 0, switched all at once.</summary>
    BlueGreen,

    /// <summary>A hash of the request key decides, so one key always sees one variant.</summary>
    Sticky,

    /// <summary>Stable answers everything; <c>CanaryWeight</c> % of requests are copied to the canary and compared.</summary>
    Shadow,
}
