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

    /// <summary>Upper bounds of the gateway's prediction histogram (the model's task buckets); null: probability buckets.</summary>
    public IReadOnlyList<double>? ScoreBuckets { get; init; }

    /// <summary>Shadow disagreement tolerance in the prediction's units; null: the gateway's default (0.05).</summary>
    public double? ShadowTolerance { get; init; }

    public TimeSpan ReadinessTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The gateway's gRPC listener on <paramref name="grpcPort"/> and the stable's gRPC address (when the stable has one).</summary>
    public IEnumerable<string> GrpcArguments(int grpcPort)
    {
        yield return "--grpc-port";
        yield return grpcPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (Stable.InternalGrpcEndpoint is { } grpc)
        {
            yield return "--stable-grpc";
            yield return grpc;
        }
    }

    /// <summary>The gateway options that fit the model's task: its histogram bounds and shadow tolerance, when set.</summary>
    public IEnumerable<string> TaskArguments()
    {
        if (ScoreBuckets is { } buckets)
        {
            yield return "--score-buckets";
            yield return Pipeline.Core.Monitoring.PredictionBuckets.Format(buckets);
        }
        if (ShadowTolerance is { } tolerance)
        {
            yield return "--shadow-tolerance";
            yield return tolerance.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
