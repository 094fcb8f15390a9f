namespace Pipeline.Packaging.Docker.Models;

/// <summary>Answer of <c>GET /containers/{id}/json</c> (the fields this project reads).</summary>
public sealed record ContainerInspect
{
    public string Id { get; init; } = "";
    public string Name { get; init; } = "";
    public string Image { get; init; } = "";
    public ContainerState State { get; init; } = new();
    public ContainerConfigView Config { get; init; } = new();
    public NetworkSettings NetworkSettings { get; init; } = new();

    /// <summary>The host port bound to a container port (e.g. <c>8080/tcp</c>), when published.</summary>
    public int? HostPort(string containerPort) =>
        NetworkSettings.Ports?.GetValueOrDefault(containerPort)?.FirstOrDefault() is { HostPort: var p } && int.TryParse(p, out var port) ? port : null;
}

/// <summary>Run state of a container.</summary>
public sealed record ContainerState
{
    public string Status { get; init; } = "";
    public bool Running { get; init; }
    public bool OOMKilled { get; init; }
    public int ExitCode { get; init; }
    public string Error { get; init; } = "";
    public string StartedAt { get; init; } = "";
    public string FinishedAt { get; init; } = "";
    public HealthState? Health { get; init; }
}

/// <summary>Health check state (<c>starting</c>, <c>healthy</c>, <c>unhealthy</c>).</summary>
public sealed record HealthState
{
    public string Status { get; init; } = "";
    public int FailingStreak { get; init; }
}

/// <summary>The configuration part of an inspect answer (container or image).</summary>
public sealed record ContainerConfigView
{
    public string? Image { get; init; }
    public string? User { get; init; }
    public IReadOnlyList<string>? Env { get; init; }
    public IReadOnlyList<string>? Entrypoint { get; init; }
    public IReadOnlyList<string>? Cmd { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
    public IReadOnlyDictionary<string, object>? ExposedPorts { get; init; }
    public HealthcheckView? Healthcheck { get; init; }
}

/// <summary>A health check as the engine reports it.</summary>
public sealed record HealthcheckView
{
    public IReadOnlyList<string>? Test { get; init; }
    public long Interval { get; init; }
    public long Timeout { get; init; }
    public int Retries { get; init; }
}

/// <summary>Ports and networks of a container.</summary>
public sealed record NetworkSettings
{
    public IReadOnlyDictionary<string, IReadOnlyList<PortBinding>?>? Ports { get; init; }
    public IReadOnlyDictionary<string, EndpointSettings>? Networks { get; init; }
}
