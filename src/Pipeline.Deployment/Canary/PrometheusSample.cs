namespace Pipeline.Deployment.Canary;

/// <summary>One sample line of the Prometheus text exposition format: metric name, labels, value.</summary>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    public string? Label(string name) => Labels.TryGetValue(name, out var v) ? v : null;
}
