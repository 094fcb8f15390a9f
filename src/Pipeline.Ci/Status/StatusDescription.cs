using Pipeline.Build;
using Pipeline.Core.Verdicts;

namespace Pipeline.Ci.Status;

/// <summary>The one-line description of a gate's commit status (at most 140 characters) with the numbers that decided it.</summary>
public static class StatusDescription
{
    public const int MaxLength = 140;

    /// <summary>e.g. <c>auc 0.912 ≥ 0.90; vs champion +0.004</c>, or <c>1 of 3 failed: auc 0.850, required ≥ 0.90</c>.</summary>
    public static string Of(Verdict verdict)
    {
        if (verdict.Outcome == CheckOutcome.Fail && verdict.ForceAcceptedReason is not null)
            return Fit("accepted by override (" + verdict.ForceAcceptedReason + "): ", verdict.Failures.Select(Failed).ToList());
        if (verdict.Outcome == CheckOutcome.Fail)
        {
            var failures = verdict.Failures.ToList();
            var judged = verdict.Checks.Count(c => c.Outcome != CheckOutcome.Info);
            return Fit($"{failures.Count} of {judged} failed: ", failures.Select(Failed).ToList());
        }
        var deciding = verdict.Checks.Where(c => c.Outcome == CheckOutcome.Warn)
            .Concat(verdict.Checks.Where(c => c.Outcome == CheckOutcome.Pass))
            .Select(c => (c.Outcome == CheckOutcome.Warn ? "warn: " : "") + Passed(c))
            .ToList();
        return deciding.Count == 0 ? Fit("", [$"{verdict.Gate} passed ({verdict.Subject})"]) : Fit("", deciding);
    }

    /// <summary>For a gate that ended without a verdict in this run (up to date, crashed, not run).</summary>
    public static string Of(TargetRecord record) => Fit("", [record.Status switch
    {
        TargetStatus.UpToDate => $"up to date (run {record.ReusedFromRun ?? "earlier"})" + (record.Note is { } n ? $": {n}" : ""),
        TargetStatus.Succeeded => record.Note ?? "succeeded",
        TargetStatus.Failed => "failed: " + (record.Note ?? "see the log"),
        TargetStatus.Skipped => "skipped: " + (record.Note ?? "condition false"),
        _ => "did not finish" + (record.Note is { } note ? $": {note}" : ""),
    }]);

    private static string Passed(Check c) => $"{c.Metric} {c.Observed} {Requirement(c.Threshold)}";

    private static string Failed(Check c) => $"{c.Metric} {c.Observed}, required {c.Threshold}";

    private static string Requirement(string threshold) =>
        threshold.Length > 0 && "<>=≤≥≠±".Contains(threshold[0]) ? threshold : $"(required {threshold})";

    /// <summary>Prefix plus as many parts as fit, then <c>(+N more)</c>; one line, never over <see cref="MaxLength"/>.</summary>
    internal static string Fit(string prefix, IReadOnlyList<string> parts)
    {
        parts = parts.Select(OneLine).ToList();
        var text = prefix;
        for (var i = 0; i < parts.Count; i++)
        {
            var candidate = text + (i > 0 ? "; " : "") + parts[i];
            var more = i + 1 < parts.Count ? $" (+{parts.Count - i - 1} more)" : "";
            if (candidate.Length + more.Length <= MaxLength)
            {
                text = candidate;
                continue;
            }
            if (i == 0)
                return Truncate(candidate, MaxLength - (parts.Count > 1 ? $" (+{parts.Count - 1} more)".Length : 0)) +
                       (parts.Count > 1 ? $" (+{parts.Count - 1} more)" : "");
            return text + $" (+{parts.Count - i} more)";
        }
        return text;
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)].TrimEnd() + "…";

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)).Trim();
}
