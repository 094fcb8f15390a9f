using System.Globalization;
using Pipeline.Core.Verdicts;
using Pipeline.Data.Contracts;
using Pipeline.Data.Profiling;

namespace Pipeline.Data.Validation;

/// <summary>Turns a scan into checks: file structure, dataset rules, then each column's rules, in contract order.</summary>
internal sealed partial class VerdictBuilder(DataContract contract, ValidationOptions options, ScanResult scan, DatasetProfile profile)
{
    private readonly List<RuleViolations> _violations = [];

    public List<string> Notes { get; } = [];

    public IReadOnlyList<RuleViolations> Violations => _violations;

    private long Rows => scan.State.Rows;

    private double RejectedShare => Rows == 0 ? 0 : scan.State.Rejected / (double)Rows;

    /// <summary>Row-level rules fail only when the share of rejected rows exceeds the contract's allowance; otherwise they warn.</summary>
    private CheckOutcome RowRule(long count) =>
        count == 0 ? CheckOutcome.Pass : RejectedShare > contract.Dataset.MaxRejectedShare ? CheckOutcome.Fail : CheckOutcome.Warn;

    public List<Check> Checks()
    {
        var checks = new List<Check>();
        if (scan.Empty)
        {
            checks.Add(new Check
            {
                Metric = "file: content",
                Observed = "empty",
                Threshold = "a header and at least one row",
                SampleSize = 0,
                Outcome = CheckOutcome.Fail,
                Detail = $"the file has no header line; write a CSV header with the columns of {contract.Id} ({string.Join(",", contract.Columns.Select(c => c.Name))}) and the rows",
            });
            return checks;
        }
        FileChecks(checks);
        DatasetChecks(checks);
        foreach (var column in contract.Columns) ColumnChecks(column, checks);
        return checks;
    }

    private RuleViolations? Take(string column, string rule)
    {
        var v = scan.State.Log.Get(column, rule);
        if (v is not null) _violations.Add(v);
        return v;
    }

    private static string FirstRows(RuleViolations? v) =>
        v is null || v.FirstRows.Count == 0 ? "" : "first rows: " + string.Join("; ", v.FirstRows.Select(o => $"row {o.Row} {o.Value}"));

    private static string Pct(double share) => (share * 100).ToString(share < 0.001 && share > 0 ? "0.####" : "0.##", CultureInfo.InvariantCulture) + " %";

    private static string N(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);
}
