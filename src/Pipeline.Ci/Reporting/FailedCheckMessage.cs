using Pipeline.Core.Verdicts;

namespace Pipeline.Ci.Reporting;

/// <summary>The text of an annotation for a failed or warning check: the thing, the rule, the observed value and the fix.</summary>
internal static class FailedCheckMessage
{
    public static string Of(string target, Verdict verdict, Check check) =>
        $"{target} ({verdict.Subject}): {check.Metric} observed {check.Observed}, required {check.Threshold}" +
        (check.Detail is { Length: > 0 } d ? $" — {d}" : "");

    public static IEnumerable<Check> Annotated(Verdict verdict) => verdict.Checks.Where(c => c.Outcome is CheckOutcome.Fail or CheckOutcome.Warn);
}
