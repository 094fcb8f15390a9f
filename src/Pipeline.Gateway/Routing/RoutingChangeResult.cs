namespace Pipeline.Gateway.Routing;

/// <summary>Outcome of a routing change: the table now served, or why nothing changed.</summary>
public sealed record RoutingChangeResult(bool Applied, RoutingTable Table, IReadOnlyList<string> Errors)
{
    /// <summary>True when the change was refused because another writer changed the table first.</summary>
    public bool Conflict { get; init; }
}
