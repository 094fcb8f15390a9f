namespace Pipeline.Benchmarking.Load;

/// <summary>Open loop: requests scheduled at a fixed rate whatever the server does; latency counts from the intended send time.</summary>
public sealed record OpenLoopOptions
{
    public double RatePerSecond { get; init; } = 100;
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Connections available to carry the schedule; when all are busy, the next request waits and that wait is latency.</summary>
    public int Connections { get; init; } = 32;
}
