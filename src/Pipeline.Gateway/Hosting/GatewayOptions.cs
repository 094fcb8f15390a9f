using Pipeline.Gateway.Routing;

namespace Pipeline.Gateway;

/// <summary>Start-up settings of the gateway (command line + environment).</summary>
public sealed record GatewayOptions
{
    /// <summary>Port to listen on; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>Port of the gRPC listener (HTTP/2 with prior knowledge, <c>inference.GRPCInferenceService</c>); 0 picks a free one, -1: none.</summary>
    public int GrpcPort { get; init; } = -1;

    /// <summary>Upper bounds of the per-variant prediction histogram (<c>--score-buckets</c>); null: probability buckets.</summary>
    public IReadOnlyList<double>? ScoreBuckets { get; init; }

    /// <summary>Address to bind: 127.0.0.1 for the process target, 0.0.0.0 inside a container.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>Routing used when no state file exists yet.</summary>
    public RoutingTable? InitialRouting { get; init; }

    /// <summary>Where the routing table is persisted; an existing file wins over <see cref="InitialRouting"/>, so a restart resumes.</summary>
    public string? StateFile { get; init; }

    public string? AdminToken { get; init; }

    public int Seed { get; init; } = 1;

    public int MaxBufferedBodyBytes { get; init; } = 1 << 20;

    public TimeSpan UpstreamTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public int MaxShadowInFlight { get; init; } = 1024;

    /// <summary>Marks this gateway's forwarded requests (<c>X-Pipeline-Gateway</c>) so one that loops back is refused; random per start when empty.</summary>
    public string InstanceId { get; init; } = "";

    /// <summary>How long an upstream that refused a connection is skipped in favour of a healthy variant before it is tried again.</summary>
    public TimeSpan OutageMemory { get; init; } = TimeSpan.FromSeconds(2);
}
