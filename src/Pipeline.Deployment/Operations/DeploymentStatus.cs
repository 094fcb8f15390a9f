using Pipeline.Gateway.Admin;
using Pipeline.Gateway.Routing;
using Pipeline.Registry.Aliases;
using Pipeline.Registry.Events;

namespace Pipeline.Deployment.Operations;

/// <summary>What runs where for one model: instances with liveness and health, the gateway's routing, aliases and the last event.</summary>
public sealed record DeploymentStatus
{
    public required string Model { get; init; }
    public required IReadOnlyList<InstanceStatus> Instances { get; init; }
    public RoutingTable? Routing { get; init; }
    public string? RoutingProblem { get; init; }
    public IReadOnlyList<ModelAlias> Aliases { get; init; } = [];
    public DeploymentEvent? LastEvent { get; init; }

    /// <summary>The canary left by an inconclusive release held by its policy (its last event), or null.</summary>
    public InstanceStatus? HeldCanary =>
        LastEvent?.Action == DeploymentActions.CanaryInconclusive ? Instances.FirstOrDefault(i => i.Role == ModelDeployment.CanaryRole && i.Running) : null;
}

/// <summary>One running (or dead) instance as the status shows it.</summary>
public sealed record InstanceStatus(string Role, string? Version, string Endpoint, string Target, string Id, double Weight, bool Running, UpstreamHealth? Health)
{
    /// <summary>Its KServe v2 gRPC address on this host (h2c); null when it has no gRPC port.</summary>
    public string? GrpcEndpoint { get; init; }
}
