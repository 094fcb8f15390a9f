namespace Pipeline.Packaging.Docker;

/// <summary>Where the Docker engine listens: a unix socket (default <c>/var/run/docker.sock</c>) or a plain TCP address from <c>DOCKER_HOST</c>.</summary>
public sealed record DockerEndpoint
{
    public const string DefaultSocket = "/var/run/docker.sock";

    /// <summary>Unix socket path, when the engine is local.</summary>
    public string? SocketPath { get; init; }

    /// <summary>HTTP base address, when the engine is reached over TCP (no TLS).</summary>
    public Uri? TcpAddress { get; init; }

    public override string ToString() => SocketPath is not null ? "unix://" + SocketPath : TcpAddress!.ToString();

    /// <summary>Reads <c>DOCKER_HOST</c> (<c>unix:///path</c> or <c>tcp://host:port</c>); unset means the default socket.</summary>
    public static DockerEndpoint FromEnvironment(Func<string, string?>? getEnvironment = null)
    {
        var value = (getEnvironment ?? Environment.GetEnvironmentVariable)("DOCKER_HOST");
        return string.IsNullOrWhiteSpace(value) ? new DockerEndpoint { SocketPath = DefaultSocket } : Parse(value);
    }

    public static DockerEndpoint Parse(string value)
    {
        if (value.StartsWith("unix://", StringComparison.Ordinal))
            return new DockerEndpoint { SocketPath = value["unix://".Length..] };
        if (value.StartsWith("tcp://", StringComparison.Ordinal) || value.StartsWith("http://", StringComparison.Ordinal))
            return new DockerEndpoint { TcpAddress = new Uri("http://" + value[(value.IndexOf("://", StringComparison.Ordinal) + 3)..].TrimEnd('/') + "/") };
        throw new ArgumentException(
            $"DOCKER_HOST='{value}' is not supported: use unix:///var/run/docker.sock or tcp://host:2375 (TLS and ssh:// are not supported here)", nameof(value));
    }
}
