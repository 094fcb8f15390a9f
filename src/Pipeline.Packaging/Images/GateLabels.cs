using Pipeline.Core.Verdicts;

namespace Pipeline.Packaging.Images;

/// <summary>Key gate results as image labels, e.g. <c>evaluategate.auc = "0.912 (>= 0.80, Pass)"</c>; a skipped gate says so with its reason.</summary>
public static class GateLabels
{
    /// <summary>Checks per gate that become labels (the first non-informational ones).</summary>
    public const int ChecksPerGate = 8;

    /// <param name="gates">Each gate with its verdict (null: none recorded) and, when it was skipped, the reason.</param>
    public static Dictionary<string, string> From(IEnumerable<(string Gate, Verdict? Verdict, string? SkipReason)> gates)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (gate, verdict, skipReason) in gates)
        {
            var key = gate.ToLowerInvariant();
            if (skipReason is not null)
            {
                labels[key] = $"Skipped ({skipReason})";
                continue;
            }
            if (verdict is null) continue;
            labels[key] = verdict.Outcome.ToString();
            foreach (var check in verdict.Checks.Where(c => c.Outcome != CheckOutcome.Info).Take(ChecksPerGate))
                labels[$"{key}.{Slug(check.Metric)}"] = $"{check.Observed} ({check.Threshold}, {check.Outcome})";
        }
        return labels;
    }

    private static string Slug(string metric) =>
        new string(metric.ToLowerInvariant().Select(ch => char.IsAsciiLetterOrDigit(ch) || ch is '.' or '_' or '-' ? ch : '_').ToArray()).Trim('_');
}
