namespace Pipeline.Core.Models;

/// <summary>Latency, memory and start-up SLA judged by the BenchmarkGate.</summary>
public sealed record BenchmarkPolicy
{
    /// <summary>Open-loop request rate at which p99 is judged.</summary>
    public int RatePerSecond { get; init; } = 200;
    public double MaxP99Ms { get; init; } = 50;
    public double MaxMemoryMb { get; init; } = 512;
    public double MaxStartupSeconds { get; init; } = 15;

    /// <summary>Largest allowed p99 regression of candidate over champion, in percent.</summary>
    public double MaxRegressionPercent { get; init; } = 25;

    public double DurationSeconds { get; init; } = 3;
    public int Rounds { get; init; } = 2;
    public List<int> Concurrency { get; init; } = [1, 8, 32];
}
