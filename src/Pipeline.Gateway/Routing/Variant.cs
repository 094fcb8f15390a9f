namespace Pipeline.Gateway.Routing;

/// <summary>Which of the two live upstreams handles a request.</summary>
public enum Variant
{
    Stable,
    Canary,
}
