using System.Globalization;
using Pipeline.Core.Verdicts;

namespace Pipeline.Monitoring.Checks;

/// <summary>Live prediction distribution against the accepted model's holdout predictions: PSI over the holdout's deciles.</summary>
public static class ScoreShift
{
    public static Check Compare(IReadOnlyList<double> live, float[] holdout, double maxPsi, int minRows)
    {
        if (live.Count == 0 || holdout.Length == 0)
            return new Check { Metric = "prediction shift: score psi", Observed = "no live predictions", Threshold = $"< {maxPsi}", SampleSize = live.Count, Outcome = CheckOutcome.Info };
        var sorted = holdout.Select(s => (double)s).Order().ToArray();
        var edges = Enumerable.Range(1, 9).Select(i => sorted[(int)(i / 10.0 * (sorted.Length - 1))]).Distinct().ToArray();
        var psi = Psi(Histogram(sorted, edges), Histogram(live, edges));
        var enough = live.Count >= minRows;
        var outcome = !enough ? CheckOutcome.Info : psi >= maxPsi ? CheckOutcome.Fail : psi >= maxPsi / 2 ? CheckOutcome.Warn : CheckOutcome.Pass;
        return new Check
        {
            Metric = "prediction shift: score psi",
            Observed = $"{psi.ToString("0.0000", CultureInfo.InvariantCulture)} (live mean {live.Average():0.0000}, holdout mean {sorted.Average():0.0000})",
            Threshold = $"< {maxPsi.ToString(CultureInfo.InvariantCulture)} (warn at {(maxPsi / 2).ToString(CultureInfo.InvariantCulture)})",
            SampleSize = live.Count,
            Value = psi,
            Outcome = outcome,
            Detail = !enough ? $"only {live.Count} live predictions, fewer than monitoring.minRows {minRows}: informational"
                : outcome == CheckOutcome.Pass ? null : "the model scores live traffic differently from its holdout: inputs or the population changed; look at the input drift checks",
        };
    }

    private static double[] Histogram(IEnumerable<double> values, double[] edges)
    {
        var counts = new double[edges.Length + 1];
        var n = 0;
        foreach (var v in values)
        {
            var i = Array.BinarySearch(edges, v);
            counts[i < 0 ? ~i : i]++;
            n++;
        }
        return counts.Select(c => c / Math.Max(1, n)).ToArray();
    }

    /// <summary>Population stability index with a small floor on empty bins.</summary>
    public static double Psi(double[] expected, double[] actual)
    {
        const double floor = 1e-4;
        var psi = 0.0;
        for (var i = 0; i < expected.Length; i++)
        {
            var e = Math.Max(expected[i], floor);
            var a = Math.Max(actual[i], floor);
            psi += (a - e) * Math.Log(a / e);
        }
        return psi;
    }
}
