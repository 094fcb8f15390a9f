namespace Pipeline.Registry.State;

/// <summary>What runs where for one variant of a model (stable, canary, gateway…).</summary>
public sealed record DeploymentSlot
{
    public required string Model { get; init; }

    /// <summary>Role of the running instance: "stable", "canary", "gateway", "shadow"…</summary>
    public required string Variant { get; init; }

    /// <summary>Model version served; null for the gateway.</summary>
    public string? Version { get; init; }

    /// <summary>Base address, e.g. "http://127.0.0.1:5123".</summary>
    public required string Endpoint { get; init; }

    /// <summary>Share of traffic in percent (0–100).</summary>
    public double Weight { get; init; }

    /// <summary>"process" or "docker".</summary>
    public required string TargetKind { get; init; }

    public int? ProcessId { get; init; }
    public string? ContainerId { get; init; }

    /// <summary>Anything else the deployment target needs to find the instance again (log file, network…), as JSON.</summary>
    public string DetailsJson { get; init; } = "{}";

    /// <summary>Set by the registry when written.</summary>
    public DateTimeOffset UpdatedAt { get; init; }
}
