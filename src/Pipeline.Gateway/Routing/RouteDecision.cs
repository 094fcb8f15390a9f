namespace Pipeline.Gateway.Routing;

/// <summary>Where one request goes: the variant that answers, and whether the canary also gets a shadow copy.</summary>
public readonly record struct RouteDecision(Variant Primary, bool ShadowToCanary);
