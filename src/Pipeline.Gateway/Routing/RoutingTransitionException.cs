namespace Pipeline.Gateway.Routing;

/// <summary>A routing move that makes no sense for the current table (promote without canary, ...).</summary>
public sealed class RoutingTransitionException(string message) : Exception(message);
