using Pipeline.Data.Contracts;

namespace Pipeline.Data.Drift;

/// <summary>Distribution-comparison statistics shared by the data gate, the canary judge and serving monitors.</summary>
public static class DriftStatistics
{
    /// <summary>Share floor for empty bins in PSI and divergences, so one empty bin does not make the index infinite.</summary>
    public const double Epsilon = 1e-4;

    /// <summary>Population stability index Σ (a−e)·ln(a/e) over bins given as counts or shares (normalised here).</summary>
    public static double Psi(IReadOnlyList<double> expected, IReadOnlyList<double> actual)
    {
        if (expected.Count != actual.Count) throw new ArgumentException("expected and actual need the same bins", nameof(actual));
        var e = Shares(expected);
        var a = Shares(actual);
        var psi = 0.0;
        for (var i = 0; i < e.Length; i++) psi += (a[i] - e[i]) * Math.Log(a[i] / e[i]);
        return psi;
    }

    /// <summary>Jensen–Shannon divergence (log base 2, in [0, 1]).</summary>
    public static double JensenShannon(IReadOnlyList<double> p, IReadOnlyList<double> q)
    {
        var a = Shares(p, floor: 0);
        var b = Shares(q, floor: 0);
        var js = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            var m = (a[i] + b[i]) / 2;
            if (a[i] > 0) js += 0.5 * a[i] * Math.Log2(a[i] / m);
            if (b[i] > 0) js += 0.5 * b[i] * Math.Log2(b[i] / m);
        }
        return Math.Max(0, js);
    }

    /// <summary>Chi-square test of homogeneity for two rows of counts over the same categories; categories empty in both are dropped.</summary>
    public static (double Statistic, int DegreesOfFreedom, double PValue) ChiSquare(IReadOnlyList<double> counts1, IReadOnlyList<double> counts2)
    {
        var n1 = counts1.Sum();
        var n2 = counts2.Sum();
        var n = n1 + n2;
        double stat = 0;
        var k = 0;
        for (var i = 0; i < counts1.Count; i++)
        {
            var col = counts1[i] + counts2[i];
            if (col <= 0) continue;
            k++;
            var e1 = col * n1 / n;
            var e2 = col * n2 / n;
            stat += (counts1[i] - e1) * (counts1[i] - e1) / e1 + (counts2[i] - e2) * (counts2[i] - e2) / e2;
        }
        var df = Math.Max(1, k - 1);
        var p = k < 2 || n1 == 0 || n2 == 0 ? 1.0 : MathNet.Numerics.SpecialFunctions.GammaUpperRegularized(df / 2.0, stat / 2);
        return (stat, df, p);
    }

    /// <summary>Asymptotic two-sample Kolmogorov–Smirnov p-value for statistic <paramref name="d"/> (Stephens' small-sample adjustment).</summary>
    public static double KolmogorovSmirnovPValue(double d, long n1, long n2)
    {
        if (n1 == 0 || n2 == 0) return 1;
        var ne = n1 * (double)n2 / (n1 + n2);
        var sqrt = Math.Sqrt(ne);
        var lambda = (sqrt + 0.12 + 0.11 / sqrt) * d;
        return KolmogorovQ(lambda);
    }

    /// <summary>Q_KS(λ) = 2 Σ (−1)^(j−1) exp(−2 j² λ²), the Kolmogorov distribution's survival function.</summary>
    internal static double KolmogorovQ(double lambda)
    {
        if (lambda < 1e-3) return 1;
        double sum = 0, sign = 1, previous = 0;
        for (var j = 1; j <= 200; j++)
        {
            var term = sign * Math.Exp(-2 * j * j * lambda * lambda);
            sum += term;
            if (Math.Abs(term) <= 1e-10 * Math.Abs(previous) || Math.Abs(term) < 1e-300) return Math.Clamp(2 * sum, 0, 1);
            previous = term;
            sign = -sign;
        }
        return 1; // series did not converge: λ is tiny, no evidence of a difference
    }

    /// <summary>Adjusts p-values for testing many columns at once (Holm step-down or Bonferroni); order is preserved.</summary>
    public static double[] Adjust(IReadOnlyList<double> pValues, MultipleTestCorrection correction)
    {
        var m = pValues.Count;
        var adjusted = pValues.ToArray();
        if (m == 0 || correction == MultipleTestCorrection.None) return adjusted;
        if (correction == MultipleTestCorrection.Bonferroni) return adjusted.Select(p => Math.Min(1, p * m)).ToArray();
        var order = Enumerable.Range(0, m).OrderBy(i => pValues[i]).ToArray();
        var running = 0.0;
        for (var rank = 0; rank < m; rank++)
        {
            var i = order[rank];
            running = Math.Max(running, Math.Min(1, (m - rank) * pValues[i]));
            adjusted[i] = running;
        }
        return adjusted;
    }

    private static double[] Shares(IReadOnlyList<double> counts, double floor = Epsilon)
    {
        var total = counts.Sum();
        var shares = counts.Select(c => total > 0 ? c / total : 0).ToArray();
        if (floor > 0)
        {
            for (var i = 0; i < shares.Length; i++) shares[i] = Math.Max(shares[i], floor);
            var sum = shares.Sum();
            for (var i = 0; i < shares.Length; i++) shares[i] /= sum;
        }
        return shares;
    }
}
