using System.Globalization;
using Pipeline.Core.Verdicts;
using Pipeline.Data.Contracts;
using Pipeline.Data.Profiling;

namespace Pipeline.Data.Drift;

/// <summary>Compares two dataset profiles column by column with the drift tests the contract asks for.</summary>
public static partial class ProfileDrift
{
    private sealed record Pending(string Column, DriftTestRule Rule, double Statistic, double PValue, long SampleSize, string Describe, string? Detail);

    /// <summary>Runs each column's drift tests of <paramref name="rules"/>, correcting p-values across all columns.</summary>
    public static DriftReport Compare(DatasetProfile baseline, DatasetProfile current, DriftRules rules)
    {
        var notes = new List<string>();
        var pending = new List<Pending>();
        foreach (var column in current.Columns)
        {
            var tests = rules.For(column.Name, column.Kind);
            if (tests.Count == 0) continue;
            var before = baseline.Column(column.Name);
            if (before is null)
            {
                notes.Add($"column {column.Name} is not in the baseline profile: drift not tested");
                continue;
            }
            if (before.Count == 0 || column.Count == 0)
            {
                notes.Add($"column {column.Name} has no values in the {(before.Count == 0 ? "baseline" : "current")} data: drift not tested");
                continue;
            }
            foreach (var rule in tests)
            {
                var p = column.Kind == ProfileKind.Numeric ? Numeric(before, column, rule) : Categorical(before, column, rule);
                if (p is not null) pending.Add(p);
            }
        }
        var pIndex = pending.Select((p, i) => (p, i)).Where(x => x.p.Rule.IsPValue).Select(x => x.i).ToArray();
        var adjusted = DriftStatistics.Adjust(pIndex.Select(i => pending[i].PValue).ToArray(), rules.Correction);
        var adjustedByIndex = pIndex.Select((idx, k) => (idx, k)).ToDictionary(x => x.idx, x => adjusted[x.k]);
        var checks = pending.Select((p, i) => ToCheck(p, adjustedByIndex.TryGetValue(i, out var a) ? a : double.NaN, rules.Correction, pIndex.Length)).ToList();
        return new DriftReport(checks, notes);
    }

    private static Check ToCheck(Pending p, double adjustedP, MultipleTestCorrection correction, int tests)
    {
        var name = TestName(p.Rule.Test);
        if (p.Rule.IsPValue)
        {
            var outcome = adjustedP < p.Rule.Fail ? CheckOutcome.Fail : adjustedP < p.Rule.Warn ? CheckOutcome.Warn : CheckOutcome.Pass;
            var how = correction == MultipleTestCorrection.None ? "p" : $"{correction.ToString().ToLowerInvariant()}-adjusted p over {tests} tests";
            return new Check
            {
                Metric = $"{p.Column}: {name}",
                Observed = $"{p.Describe}, p={F(p.PValue)}, adjusted p={F(adjustedP)}",
                Threshold = $"{how} >= {F(p.Rule.Fail)} (warn below {F(p.Rule.Warn)})",
                SampleSize = p.SampleSize,
                Value = adjustedP,
                Outcome = outcome,
                Detail = outcome == CheckOutcome.Pass ? null : p.Detail,
            };
        }
        var result = p.Statistic >= p.Rule.Fail ? CheckOutcome.Fail : p.Statistic >= p.Rule.Warn ? CheckOutcome.Warn : CheckOutcome.Pass;
        return new Check
        {
            Metric = $"{p.Column}: {name}",
            Observed = F(p.Statistic),
            Threshold = $"< {F(p.Rule.Fail)} (warn at {F(p.Rule.Warn)})",
            SampleSize = p.SampleSize,
            Value = p.Statistic,
            Outcome = result,
            Detail = result == CheckOutcome.Pass ? null : p.Detail,
        };
    }

    internal static string TestName(DriftTestKind kind) => kind switch
    {
        DriftTestKind.Psi => "psi",
        DriftTestKind.KolmogorovSmirnov => "ks",
        DriftTestKind.Wasserstein => "wasserstein",
        DriftTestKind.ChiSquare => "chi-square",
        _ => "jensen-shannon",
    };

    internal static string F(double v) =>
        double.IsNaN(v) ? "n/a" : Math.Abs(v) is > 0 and < 1e-3 ? v.ToString("0.##E+0", CultureInfo.InvariantCulture) : v.ToString("0.####", CultureInfo.InvariantCulture);
}
