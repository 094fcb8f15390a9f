namespace Pipeline.Core.Models;

/// <summary>Latency, memory and start-up SLA judged by the BenchmarkGate, and how much costlier than the champion a candidate may be.</summary>
public sealed record BenchmarkPolicy
{
    /// <summary>Open-loop request rate at which p99 is judged.</summary>
    public int RatePerSecond { get; init; } = 200;
    public double MaxP99Ms { get; init; } = 50;
    public double MaxMemoryMb { get; init; } = 512;
    public double MaxStartupSeconds { get; init; } = 15;

    /// <summary>Largest allowed regression of the candidate's cost (server CPU per request, paired by round) over the champion's, in percent.</summary>
    public double MaxRegressionPercent { get; init; } = 25;

    public double DurationSeconds { get; init; } = 3;

    /// <summary>Alternating rounds always run; more are added up to <see cref="MaxRounds"/> while the cost comparison is undecided.</summary>
    public int Rounds { get; init; } = 3;

    /// <summary>Most rounds a run may extend to when the evidence is borderline.</summary>
    public int MaxRounds { get; init; } = 12;

    /// <summary>Wall time after which no further round is started, counted from the first measured round.</summary>
    public double TimeBudgetSeconds { get; init; } = 300;
    public List<int> Concurrency { get; init; } = [1, 8, 32];
}
