namespace Pipeline.Deployment.Targets;

/// <summary>A started model server or gateway and how to find it again (persisted in the registry's deployment slots).</summary>
public sealed record RunningInstance
{
    public required string Model { get; init; }

    /// <summary>"stable", "canary", "previous" or "gateway".</summary>
    public required string Role { get; init; }

    /// <summary>Model version; null for the gateway.</summary>
    public string? Version { get; init; }

    /// <summary>Address on this host, e.g. http://127.0.0.1:5123.</summary>
    public required string Endpoint { get; init; }

    /// <summary>Address the gateway uses to reach it (the container name on the bridge network for docker).</summary>
    public required string InternalEndpoint { get; init; }

    /// <summary>The KServe v2 gRPC address on this host (h2c), e.g. http://127.0.0.1:5124; null when the instance has no gRPC port.</summary>
    public string? GrpcEndpoint { get; init; }

    /// <summary>The gRPC address the gateway uses to reach it; null when the instance has no gRPC port.</summary>
    public string? InternalGrpcEndpoint { get; init; }

    public required string TargetKind { get; init; }
    public int? ProcessId { get; init; }
    public string? ContainerId { get; init; }
    public string? ContainerName { get; init; }
    public string? LogFile { get; init; }
}
