using System.Globalization;
using Pipeline.Core.Verdicts;
using Pipeline.Data.Contracts;

namespace Pipeline.Data.Validation;

internal sealed partial class VerdictBuilder
{
    private void ColumnChecks(ColumnContract column, List<Check> checks)
    {
        var p = profile.Column(column.Name);
        if (p is null) return; // absent: reported once by the header check
        var name = column.Name;
        var typeName = column.Type.ToString().ToLowerInvariant() + (column.Format is { } f ? $" ({f})" : "");
        var type = Take(name, Rules.Type);
        checks.Add(Rule($"{name}: type", type, typeName,
            $"values that are not {typeName}", $"fix the values or the column's type in {contract.Id}"));

        var present = p.Count + p.Nulls + p.Invalid;
        var nullRate = present == 0 ? 0 : p.Nulls / (double)present;
        if (!column.Nullable)
        {
            var nn = Take(name, Rules.NotNull);
            checks.Add(Rule($"{name}: nulls", nn, "not null", "empty values in a column that may not be null",
                $"fill the values, or mark the column 'nullable: true' in {contract.Id}"));
        }
        else
        {
            var max = column.MaxNullRate ?? 1.0;
            var ok = nullRate <= max;
            checks.Add(new Check
            {
                Metric = $"{name}: null rate",
                Observed = Pct(nullRate),
                Threshold = $"<= {Pct(max)}",
                SampleSize = present,
                Value = nullRate,
                Outcome = ok ? CheckOutcome.Pass : CheckOutcome.Fail,
                Detail = ok ? null : $"{p.Nulls} of {present} values are null (a null burst?); find where the upstream stopped filling {name}, or raise maxNullRate",
            });
        }
        if (column.Min is { } min)
            checks.Add(Rule($"{name}: min", Take(name, Rules.Min), $">= {N(min)}", $"values below {N(min)}", "fix the values or the bound", p.Min));
        if (column.Max is { } max2)
            checks.Add(Rule($"{name}: max", Take(name, Rules.Max), $"<= {N(max2)}", $"values above {N(max2)}", "fix the values or the bound", p.Max));
        if (column.Allowed is { } allowed)
        {
            var unexpected = p.Categories?.Where(c => !allowed.Contains(c.Value)).Select(c => $"{c.Value} ({c.Count})").Take(10).ToList() ?? [];
            checks.Add(Rule($"{name}: allowed values", Take(name, Rules.Allowed), $"one of {allowed.Count} values",
                "values outside the allowed list" + (unexpected.Count > 0 ? $" ({string.Join(", ", unexpected)})" : ""),
                $"map them to a known value or add them to columns[{name}].allowed in a new contract version"));
        }
        if (column.Regex is { } regex)
            checks.Add(Rule($"{name}: regex", Take(name, Rules.Regex), $"matches {regex}", "values not matching the pattern", "fix the values or the pattern"));
        if (column.Unique && column.Name != contract.Dataset.PrimaryKey)
            checks.Add(UniqueCheck(name, $"{name}: unique", includeNulls: false));
        if (column.Label && p.Categories is { } labels)
        {
            var positives = labels.FirstOrDefault(c => c.Value == "1")?.Count ?? 0;
            checks.Add(new Check
            {
                Metric = $"{name}: positive rate",
                Observed = Pct(p.Count == 0 ? 0 : positives / (double)p.Count),
                Threshold = "reported",
                SampleSize = p.Count,
                Value = p.Count == 0 ? 0 : positives / (double)p.Count,
                Outcome = CheckOutcome.Info,
            });
        }
    }

    private Check Rule(string metric, RuleViolations? v, string threshold, string what, string fix, double? observedValue = null)
    {
        var count = v?.Count ?? 0;
        return new Check
        {
            Metric = metric,
            Observed = $"{count} rows" + (observedValue is { } o ? $" (observed {o.ToString("0.####", CultureInfo.InvariantCulture)})" : ""),
            Threshold = threshold,
            SampleSize = Rows,
            Value = count,
            Outcome = RowRule(count),
            Detail = count == 0 ? null : $"{count} {what}; {FirstRows(v)} — {fix}",
        };
    }
}
