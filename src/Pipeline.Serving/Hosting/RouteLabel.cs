namespace Pipeline.Serving.Hosting;

/// <summary>Endpoint metadata: the short route name used as the <c>route</c> label of request metrics and logs.</summary>
public sealed record RouteLabel(string Name);
