namespace Pipeline.Deployment.Judge;

/// <summary>The state of one metric's test at a decision: what canary and stable showed, the bar, the statistic and its boundary.</summary>
public sealed record MetricAssessment
{
    public required string Metric { get; init; }
    public required string Canary { get; init; }
    public required string Stable { get; init; }
    public required string Threshold { get; init; }
    public long CanarySamples { get; init; }
    public long StableSamples { get; init; }
    public required string Statistic { get; init; }
    public required MetricStatus Status { get; init; }

    public override string ToString() =>
        $"{Metric}: canary {Canary} (n={CanarySamples}) vs stable {Stable} (n={StableSamples}); {Threshold}; {Statistic} → {Status}";
}

public enum MetricStatus
{
    /// <summary>Not enough evidence yet.</summary>
    Collecting,
    /// <summary>The canary is no worse than the bar, with the stated error rates.</summary>
    Healthy,
    /// <summary>The canary is worse than the bar, with the stated false-rollback bound.</summary>
    Breached,
    /// <summary>The metric cannot be judged here (no labels in the traffic, or clients see no canary answers); the reason says why.</summary>
    NotJudged,
}
