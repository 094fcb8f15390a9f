namespace Pipeline.Benchmarking.Load;

/// <summary>Closed loop: <see cref="Concurrency"/> connections, each sending its next request as soon as the previous answer arrives.</summary>
public sealed record ClosedLoopOptions
{
    public int Concurrency { get; init; } = 1;
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Load sent before measuring starts (connections, JIT, caches); not recorded.</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.Zero;

    /// <summary>Hard cap on measured requests (bounds tests); null = only the duration limits.</summary>
    public long? MaxRequests { get; init; }
}
