using Pipeline.Core.Verdicts;

namespace Pipeline.Data.Validation;

internal sealed partial class VerdictBuilder
{
    private void DatasetChecks(List<Check> checks)
    {
        var d = contract.Dataset;
        var rowsOk = Rows >= d.MinRows && (d.MaxRows is null || Rows <= d.MaxRows);
        checks.Add(new Check
        {
            Metric = "dataset: rows",
            Observed = Rows.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Threshold = d.MaxRows is { } max ? $"in [{d.MinRows}, {max}]" : $">= {d.MinRows}",
            SampleSize = Rows,
            Value = Rows,
            Outcome = rowsOk ? CheckOutcome.Pass : CheckOutcome.Fail,
            Detail = rowsOk ? null : $"{Rows} rows is outside the contract's bounds; check that the export is complete, or change dataset.rows in {contract.Id}",
        });
        var rejected = scan.State.Rejected;
        checks.Add(new Check
        {
            Metric = "dataset: rejected rows",
            Observed = $"{rejected} ({Pct(RejectedShare)})",
            Threshold = $"<= {Pct(d.MaxRejectedShare)}",
            SampleSize = Rows,
            Value = RejectedShare,
            Outcome = RejectedShare > d.MaxRejectedShare ? CheckOutcome.Fail : rejected > 0 ? CheckOutcome.Warn : CheckOutcome.Pass,
            Detail = rejected == 0 ? null : "rows that broke a row-level rule (see the column checks for which and where); fix the source or raise dataset.maxRejectedShare",
        });
        if (d.PrimaryKey is { } pk) checks.Add(UniqueCheck(pk, $"dataset: primary key {pk}", includeNulls: true));
        if (d.Freshness is { } f) checks.Add(FreshnessCheck(f.Column, f.MaxAge));
    }

    private Check FreshnessCheck(string column, TimeSpan maxAge)
    {
        var latest = profile.Column(column)?.Max;
        var now = options.Clock.GetUtcNow();
        if (latest is null)
            return new Check
            {
                Metric = $"dataset: freshness {column}",
                Observed = "no valid timestamps",
                Threshold = $"newest within {Age(maxAge)}",
                SampleSize = Rows,
                Outcome = CheckOutcome.Fail,
                Detail = $"column {column} has no parsable timestamps, so freshness cannot be shown; fix the column's values or format",
            };
        var age = now - DateTimeOffset.FromUnixTimeMilliseconds((long)(latest.Value * 1000));
        var ok = age <= maxAge;
        return new Check
        {
            Metric = $"dataset: freshness {column}",
            Observed = $"newest {TimestampAccumulator.Iso(latest.Value)} is {Age(age)} old",
            Threshold = $"<= {Age(maxAge)} before {now:yyyy-MM-dd'T'HH:mm:ss'Z'}",
            SampleSize = Rows,
            Value = age.TotalDays,
            Outcome = ok ? CheckOutcome.Pass : CheckOutcome.Fail,
            Detail = ok ? null : $"the data is stale: export a fresh extract (or regenerate it), or relax dataset.freshness.maxAge in {contract.Id}",
        };
    }

    private static string Age(TimeSpan t) => t.TotalDays >= 1 ? $"{t.TotalDays:0.#} d" : t.TotalHours >= 1 ? $"{t.TotalHours:0.#} h" : $"{t.TotalMinutes:0.#} min";

    private Check UniqueCheck(string column, string metric, bool includeNulls)
    {
        var position = scan.FieldColumns.ToList().IndexOf(column);
        if (position < 0)
            return new Check { Metric = metric, Observed = "column absent", Threshold = "unique", Outcome = CheckOutcome.Fail, Detail = $"column {column} is not in the file" };
        var first = new List<(long Row, long FirstRow)>();
        var stores = scan.KeyStores.Select(k => k[position]).OfType<KeyStore>().ToList();
        var duplicates = KeyStore.FindDuplicates(stores, options.FirstRows, first);
        var nulls = includeNulls ? profile.Column(column)?.Nulls ?? 0 : 0;
        var bad = duplicates + nulls;
        if (duplicates > 0)
            _violations.Add(new RuleViolations(column, Rules.Unique, duplicates,
                first.Select(f => new Offender(f.Row, column, $"same value as row {f.FirstRow}")).ToArray()));
        return new Check
        {
            Metric = metric,
            Observed = $"{duplicates} duplicate" + (includeNulls ? $", {nulls} null" : ""),
            Threshold = includeNulls ? "0 duplicates, 0 nulls" : "0 duplicates",
            SampleSize = Rows,
            Value = bad,
            Outcome = bad == 0 ? CheckOutcome.Pass : CheckOutcome.Fail,
            Detail = bad == 0 ? null
                : $"{column} must identify each row: "
                  + (duplicates > 0 ? $"rows repeating an earlier value: {string.Join("; ", first.Select(f => $"row {f.Row} = row {f.FirstRow}"))}" : "")
                  + (nulls > 0 ? $"{(duplicates > 0 ? "; " : "")}{nulls} rows have no value" : "")
                  + " — deduplicate the export or fix the key",
        };
    }
}
