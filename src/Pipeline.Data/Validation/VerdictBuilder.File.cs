using Pipeline.Core.Verdicts;
using Pipeline.Data.Contracts;

namespace Pipeline.Data.Validation;

internal sealed partial class VerdictBuilder
{
    private void FileChecks(List<Check> checks)
    {
        var missing = scan.MissingColumns;
        var extra = contract.Dataset.AllowExtraColumns ? [] : scan.ExtraColumns;
        var headerOk = missing.Count == 0 && extra.Count == 0 && scan.HeaderProblem is null;
        var problems = new List<string>();
        if (scan.HeaderProblem is not null) problems.Add(scan.HeaderProblem);
        if (missing.Count > 0) problems.Add($"missing {string.Join(", ", missing)}");
        if (extra.Count > 0) problems.Add($"not in the contract: {string.Join(", ", extra)}");
        checks.Add(new Check
        {
            Metric = scan.Format == DataFormat.JsonLines ? "file: properties" : "file: header",
            Observed = headerOk ? $"{scan.Header.Count} columns" : string.Join("; ", problems),
            Threshold = $"the {contract.Columns.Count} columns of {contract.Id}" + (contract.Dataset.AllowExtraColumns ? " (extra allowed)" : ""),
            SampleSize = scan.Header.Count,
            Outcome = headerOk ? CheckOutcome.Pass : CheckOutcome.Fail,
            Detail = headerOk ? null : $"rename or add columns so the file matches {contract.Id}, or publish a new contract version; expected: {string.Join(",", contract.Columns.Select(c => c.Name))}",
        });

        var encoding = Take(Rules.File, Rules.Encoding);
        checks.Add(RowLevel("file: utf-8", encoding, "rows that are not valid UTF-8", "re-export the file as UTF-8"));
        var shape = Take(Rules.File, Rules.Shape);
        checks.Add(RowLevel("file: row shape", shape, "rows whose fields do not line up with the header (ragged rows, broken quoting, invalid JSON)",
            "quote fields that contain commas, quotes or newlines (RFC 4180) and give every row one field per header column"));
        var size = Take(Rules.File, Rules.FieldSize);
        var fieldSize = contract.Columns.Sum(c => scan.State.Log.Count(c.Name, Rules.FieldSize));
        foreach (var c in contract.Columns) Take(c.Name, Rules.FieldSize);
        var total = (size?.Count ?? 0) + fieldSize;
        checks.Add(new Check
        {
            Metric = "file: field size",
            Observed = $"{total} oversized",
            Threshold = $"fields <= {options.MaxFieldBytes >> 10} KiB",
            SampleSize = Rows,
            Outcome = RowRule(total),
            Value = total,
            Detail = total == 0 ? null : $"{total} rows hold a field over {options.MaxFieldBytes >> 10} KiB (skipped without buffering); {FirstRows(size)} — remove the oversized values or fix the quoting that swallowed the rest of the file",
        });
    }

    private Check RowLevel(string metric, RuleViolations? v, string what, string fix)
    {
        var count = v?.Count ?? 0;
        return new Check
        {
            Metric = metric,
            Observed = $"{count} rows",
            Threshold = "0 rows",
            SampleSize = Rows,
            Value = count,
            Outcome = RowRule(count),
            Detail = count == 0 ? null : $"{count} {what}; {FirstRows(v)} — {fix}",
        };
    }
}
