namespace Pipeline.Deployment.Targets;

/// <summary>The gateway of one model, started in front of its stable server.</summary>
public sealed record GatewayLaunch
{
    public required string Model { get; init; }
    public required RunningInstance Stable { get; init; }

    /// <summary>Host port of the public endpoint; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>Admin token handed to the gateway through its environment, never its command line.</summary>
    public required string AdminToken { get; init; }

    /// <summary>Image the gateway container runs in (docker target): the stable's model image, whose base carries the native libraries.</summary>
    public string? Image { get; init; }

    public TimeSpan ReadinessTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
