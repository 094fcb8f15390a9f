using Pipeline.Gateway.Routing;

namespace Pipeline.Deployment.Operations;

/// <summary>Start one version: as stable (with a gateway) when nothing runs, else as canary beside the running stable.</summary>
public sealed record DeployRequest
{
    public required string Model { get; init; }
    public required string Version { get; init; }
    public string? ModelFile { get; init; }
    public string? ConfigFile { get; init; }
    public string? Image { get; init; }

    /// <summary>Traffic share of a new canary (0 = started and smoke-testable, no live traffic yet).</summary>
    public double CanaryWeight { get; init; }

    /// <summary>Routing strategy for the canary; null keeps the gateway's current one.</summary>
    public RoutingStrategy? Strategy { get; init; }

    public string? StickyField { get; init; }

    public string Reason { get; init; } = "manual deploy";

    /// <summary>Prediction histogram bounds of the model's task (server and gateway); null: probability buckets.</summary>
    public IReadOnlyList<double>? ScoreBuckets { get; init; }

    /// <summary>Shadow disagreement tolerance of a new gateway, in the prediction's units; null: 0.05.</summary>
    public double? ShadowTolerance { get; init; }
}
