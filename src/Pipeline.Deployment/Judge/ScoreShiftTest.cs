using MathNet.Numerics.Distributions;

namespace Pipeline.Deployment.Judge;

/// <summary>Prediction distribution shift of canary against stable: PSI for size, a chi-square homogeneity test for evidence.</summary>
/// <remarks>PSI alone is noisy on small samples (under no shift its expectation is about (bins-1)(1/n1+1/n2)), so a breach needs both
/// PSI above the policy bar and a chi-square p-value below the test's alpha. Sparse bins are merged so each holds ≥ 5 expected counts.</remarks>
public static class ScoreShiftTest
{
    public sealed record Result(double Psi, double ChiSquare, int DegreesOfFreedom, double PValue, int Bins);

    public static Result Compare(HistogramCounts stable, HistogramCounts canary)
    {
        var (s, c) = MergeSparse(stable.Counts, canary.Counts, minExpected: 5);
        double ns = s.Sum(), nc = c.Sum();
        if (ns == 0 || nc == 0 || s.Length < 2) return new Result(0, 0, 0, 1, s.Length);
        double psi = 0, chi = 0;
        const double eps = 1e-4;
        for (var i = 0; i < s.Length; i++)
        {
            var ps = Math.Max(s[i] / ns, eps);
            var pc = Math.Max(c[i] / nc, eps);
            psi += (pc - ps) * Math.Log(pc / ps);
            var pooled = (s[i] + c[i]) / (ns + nc);
            if (pooled <= 0) continue;
            var es = pooled * ns;
            var ec = pooled * nc;
            chi += (s[i] - es) * (s[i] - es) / es + (c[i] - ec) * (c[i] - ec) / ec;
        }
        var df = s.Length - 1;
        var p = 1 - ChiSquared.CDF(df, chi);
        return new Result(psi, chi, df, p, s.Length);
    }

    /// <summary>Merges adjacent bins until each has at least <paramref name="minExpected"/> expected canary counts under stable's shape.</summary>
    private static (double[] Stable, double[] Canary) MergeSparse(long[] stable, long[] canary, double minExpected)
    {
        double ns = stable.Sum(), nc = canary.Sum();
        var s = new List<double>();
        var c = new List<double>();
        double accS = 0, accC = 0;
        for (var i = 0; i < stable.Length; i++)
        {
            accS += stable[i];
            accC += canary[i];
            var expected = ns == 0 ? 0 : accS / ns * nc;
            if (expected >= minExpected && accS >= minExpected)
            {
                s.Add(accS);
                c.Add(accC);
                accS = accC = 0;
            }
        }
        if (accS > 0 || accC > 0)
        {
            if (s.Count == 0) { s.Add(accS); c.Add(accC); }
            else { s[^1] += accS; c[^1] += accC; }
        }
        return (s.ToArray(), c.ToArray());
    }
}
