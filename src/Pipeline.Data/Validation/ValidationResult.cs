using Pipeline.Core.Verdicts;
using Pipeline.Data.Profiling;

namespace Pipeline.Data.Validation;

/// <summary>The gate's verdict, the profile of the data (the artifact later runs compare against) and the detailed report.</summary>
public sealed record ValidationResult(Verdict Verdict, DatasetProfile Profile, ValidationReport Report);

/// <summary>JSON report of a validation: every check, the notes, and for each broken rule its count and first offending rows.</summary>
public sealed record ValidationReport
{
    public required string Gate { get; init; }
    public required string Subject { get; init; }
    public required string Contract { get; init; }
    public required CheckOutcome Outcome { get; init; }
    public required IReadOnlyList<Check> Checks { get; init; }
    public IReadOnlyList<string> Notes { get; init; } = [];
    public IReadOnlyList<RuleViolations> Violations { get; init; } = [];
    public long Rows { get; init; }
    public long Bytes { get; init; }
    public double Seconds { get; init; }
}
