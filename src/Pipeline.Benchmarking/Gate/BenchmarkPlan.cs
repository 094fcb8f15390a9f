using Pipeline.Benchmarking.Servers;
using Pipeline.Core.Models;

namespace Pipeline.Benchmarking.Gate;

/// <summary>What the BenchmarkGate runs: the candidate (and champion) servers, the request bodies, and the SLA policy from model.yaml.</summary>
public sealed record BenchmarkPlan
{
    /// <summary>What is judged, e.g. <c>fraud-detector 20261122.3</c>.</summary>
    public required string Subject { get; init; }
    public required ServerLaunch Candidate { get; init; }
    public ServerLaunch? Champion { get; init; }

    /// <summary>
    /// Launch the champion before the candidate (default: the candidate first). For measuring launch-order effects on the cost
    /// comparison (bench/Gate alternates it); the gate's judgement does not depend on it.
    /// </summary>
    public bool ChampionStartsFirst { get; init; }

    /// <summary>V1 predict bodies sent in rotation.</summary>
    public required IReadOnlyList<byte[]> RequestBodies { get; init; }
    public BenchmarkPolicy Policy { get; init; } = new();

    /// <summary>Load before measuring, per server and per phase of a round (every concurrency and the open-loop rate).</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(1);
    public int OpenLoopConnections { get; init; } = 32;
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
