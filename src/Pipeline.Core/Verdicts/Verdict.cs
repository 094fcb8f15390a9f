namespace Pipeline.Core.Verdicts;

/// <summary>The result of a gate: every check it made, and whether the graph may go on.</summary>
public sealed record Verdict
{
    /// <summary>Gate name, e.g. <c>ValidateData</c>, <c>EvaluateGate</c>.</summary>
    public required string Gate { get; init; }

    /// <summary>What was judged, e.g. the model name and version, or the data file.</summary>
    public required string Subject { get; init; }

    public required IReadOnlyList<Check> Checks { get; init; }

    /// <summary>Plain-language notes (e.g. "no champion: absolute thresholds only").</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Set when a failed gate was overridden by a person, with their reason.</summary>
    public string? ForceAcceptedReason { get; init; }

    /// <summary>Fail if any check failed, else Warn if any warned, else Pass.</summary>
    public CheckOutcome Outcome =>
        Checks.Any(c => c.Outcome == CheckOutcome.Fail) ? CheckOutcome.Fail
        : Checks.Any(c => c.Outcome == CheckOutcome.Warn) ? CheckOutcome.Warn
        : CheckOutcome.Pass;

    /// <summary>True when the graph may continue: no failed check, or a recorded override.</summary>
    public bool Passed => Outcome != CheckOutcome.Fail || ForceAcceptedReason is not null;

    public IEnumerable<Check> Failures => Checks.Where(c => c.Outcome == CheckOutcome.Fail);
}
