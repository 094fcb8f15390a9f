namespace Pipeline.Core.Verdicts;

/// <summary>One line of a gate verdict: what was measured, what was required, on how many samples, and the outcome.</summary>
public sealed record Check
{
    /// <summary>Metric or rule name, e.g. <c>auc</c>, <c>column amount: min</c>, <c>p99_ms@200rps</c>.</summary>
    public required string Metric { get; init; }

    /// <summary>Observed value as shown to a person (already formatted).</summary>
    public required string Observed { get; init; }

    /// <summary>Required value with its comparison, e.g. <c>&gt;= 0.85</c>.</summary>
    public required string Threshold { get; init; }

    /// <summary>Number of rows, requests or samples the observation rests on; null where it has no meaning.</summary>
    public long? SampleSize { get; init; }

    public required CheckOutcome Outcome { get; init; }

    /// <summary>Numeric observed value for machine consumers (reports, status descriptions), when there is one.</summary>
    public double? Value { get; init; }

    /// <summary>Confidence interval of the observed value, when the metric has one.</summary>
    public Interval? ConfidenceInterval { get; init; }

    /// <summary>Extra explanation: why it failed and how to fix it.</summary>
    public string? Detail { get; init; }
}

/// <summary>A closed interval with its confidence level.</summary>
public readonly record struct Interval(double Lower, double Upper, double Level);
