using Pipeline.Data.Contracts;
using Pipeline.Data.Drift;

namespace Pipeline.Data.Tests.Drift;

public sealed class DriftStatisticsTests
{
    [Fact]
    public void Psi_KnownBins_MatchesHandComputedValue()
    {
        double[] e = [0.25, 0.25, 0.25, 0.25];
        double[] a = [0.10, 0.20, 0.30, 0.40];
        var expected = (0.10 - 0.25) * Math.Log(0.10 / 0.25) + (0.20 - 0.25) * Math.Log(0.20 / 0.25) + (0.30 - 0.25) * Math.Log(0.30 / 0.25) + (0.40 - 0.25) * Math.Log(0.40 / 0.25);
        Assert.Equal(expected, DriftStatistics.Psi(e, a), 6);
        Assert.Equal(0, DriftStatistics.Psi(e, e), 12);
    }

    [Fact]
    public void KolmogorovSmirnovPValue_AtTheFivePercentCriticalValue_IsAboutFivePercent()
    {
        // Critical value for n1 = n2 = 1000 at alpha 0.05: 1.358 * sqrt(2/1000).
        var d = 1.358 * Math.Sqrt(2.0 / 1000);
        Assert.InRange(DriftStatistics.KolmogorovSmirnovPValue(d, 1000, 1000), 0.045, 0.055);
        Assert.Equal(1, DriftStatistics.KolmogorovSmirnovPValue(0, 1000, 1000));
    }

    [Fact]
    public void ChiSquare_KnownTable_MatchesReference()
    {
        // 2x2 table [[10, 20], [30, 40]]: chi2 = 0.7937, df 1, p = 0.373.
        var (stat, df, p) = DriftStatistics.ChiSquare([10, 20], [30, 40]);
        Assert.Equal(0.7937, stat, 3);
        Assert.Equal(1, df);
        Assert.Equal(0.373, p, 3);
    }

    [Fact]
    public void JensenShannon_IdenticalIsZero_DisjointIsOne()
    {
        Assert.Equal(0, DriftStatistics.JensenShannon([1, 2, 3], [2, 4, 6]), 12);
        Assert.Equal(1, DriftStatistics.JensenShannon([1, 0], [0, 1]), 12);
    }

    [Fact]
    public void Adjust_HolmAndBonferroni_MatchReference()
    {
        double[] p = [0.01, 0.04, 0.03, 0.20];
        Assert.Equal([0.04, 0.09, 0.09, 0.20], DriftStatistics.Adjust(p, MultipleTestCorrection.Holm).Select(x => Math.Round(x, 10)));
        Assert.Equal([0.04, 0.16, 0.12, 0.80], DriftStatistics.Adjust(p, MultipleTestCorrection.Bonferroni).Select(x => Math.Round(x, 10)));
    }
}
