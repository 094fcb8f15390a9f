namespace Pipeline.Packaging.Docker.Models;

/// <summary>Body of <c>POST /containers/create</c> (the fields this project uses).</summary>
public sealed record ContainerCreateRequest
{
    public required string Image { get; init; }
    public IReadOnlyList<string>? Cmd { get; init; }
    public IReadOnlyList<string>? Entrypoint { get; init; }
    public IReadOnlyList<string>? Env { get; init; }
    public string? User { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
    public IReadOnlyDictionary<string, object>? ExposedPorts { get; init; }
    public bool Tty { get; init; }
    public HostConfig? HostConfig { get; init; }
    public NetworkingConfig? NetworkingConfig { get; init; }
}

/// <summary>Host-side settings: ports, read-only root, tmpfs mounts, limits, network.</summary>
public sealed record HostConfig
{
    /// <summary>Container port (<c>8080/tcp</c>) → host bindings; an empty HostPort picks a free port.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<PortBinding>>? PortBindings { get; init; }
    public bool ReadonlyRootfs { get; init; }

    /// <summary>Host folders mounted into the container (<c>host:container[:ro]</c>).</summary>
    public IReadOnlyList<string>? Binds { get; init; }

    /// <summary>Mount point → options, e.g. <c>/tmp</c> → <c>rw,size=64m</c>.</summary>
    public IReadOnlyDictionary<string, string>? Tmpfs { get; init; }
    public long Memory { get; init; }
    public long NanoCpus { get; init; }
    public string? NetworkMode { get; init; }
    public bool AutoRemove { get; init; }
    public IReadOnlyList<string>? CapDrop { get; init; }
    public IReadOnlyList<string>? SecurityOpt { get; init; }

    /// <summary>What the engine does when the container exits (<c>on-failure</c>: restart after a non-zero exit, e.g. a kill).</summary>
    public RestartPolicy? RestartPolicy { get; init; }
}

/// <summary>Engine restart policy: <c>no</c>, <c>on-failure</c> (with a retry limit), <c>always</c>, <c>unless-stopped</c>.</summary>
public sealed record RestartPolicy
{
    public string Name { get; init; } = "no";
    public int MaximumRetryCount { get; init; }
}

/// <summary>A published port.</summary>
public sealed record PortBinding
{
    public string HostIp { get; init; } = "";
    public string HostPort { get; init; } = "";
}

/// <summary>Networks to attach at create time.</summary>
public sealed record NetworkingConfig
{
    public IReadOnlyDictionary<string, EndpointSettings>? EndpointsConfig { get; init; }
}

/// <summary>A container's attachment to one network.</summary>
public sealed record EndpointSettings
{
    public IReadOnlyList<string>? Aliases { get; init; }
    public string? NetworkID { get; init; }
    public string? IPAddress { get; init; }
}

/// <summary>Answer of <c>POST /containers/create</c>.</summary>
public sealed record ContainerCreateResponse
{
    public string Id { get; init; } = "";
    public IReadOnlyList<string>? Warnings { get; init; }
}
