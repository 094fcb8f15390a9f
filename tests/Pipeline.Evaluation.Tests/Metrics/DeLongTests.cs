using Pipeline.Evaluation.Metrics;

namespace Pipeline.Evaluation.Tests.Metrics;

public sealed class DeLongTests
{
    [Fact]
    public void Compute_WithTies_EqualsPairCountingAuc()
    {
        var (scores, labels) = Sample(500, seed: 3, signal: 1.0, roundTo: 10);
        var c = DeLong.Compute(scores, labels);
        Assert.Equal(BruteForceAuc(scores, labels), c.Auc, 12);
    }

    [Fact]
    public void Variance_MatchesQuadraticDefinition()
    {
        var (scores, labels) = Sample(300, seed: 5, signal: 0.8, roundTo: 20);
        var c = DeLong.Compute(scores, labels);
        Assert.Equal(BruteForceVariance(scores, labels), DeLong.Variance(c), 12);
    }

    [Fact]
    public void Covariance_OfModelWithItself_IsItsVariance_AndPairedDifferenceHasZeroVariance()
    {
        var (scores, labels) = Sample(300, seed: 9, signal: 1.2, roundTo: 0);
        var a = DeLong.Compute(scores, labels);
        var b = DeLong.Compute(scores, labels);
        Assert.Equal(DeLong.Variance(a), DeLong.Covariance(a, b), 15);
        Assert.Equal(0, DeLong.Variance(a) + DeLong.Variance(b) - 2 * DeLong.Covariance(a, b), 15);
    }

    [Fact]
    public void Compute_PerfectSeparation_AucOneVarianceZero()
    {
        float[] scores = [0.1f, 0.2f, 0.3f, 0.8f, 0.9f];
        float[] labels = [0, 0, 0, 1, 1];
        var c = DeLong.Compute(scores, labels);
        Assert.Equal(1.0, c.Auc, 12);
        Assert.Equal(0.0, DeLong.Variance(c), 12);
    }

    [Fact]
    public void Compute_OneClassOnly_Throws()
    {
        Assert.Throws<ArgumentException>(() => DeLong.Compute([0.1f, 0.2f], [0f, 0f]));
    }

    internal static (float[] Scores, float[] Labels) Sample(int n, int seed, double signal, int roundTo)
    {
        var random = new Random(seed);
        var scores = new float[n];
        var labels = new float[n];
        for (var i = 0; i < n; i++)
        {
            labels[i] = random.NextDouble() < 0.3 ? 1 : 0;
            var z = signal * labels[i] + Gaussian(random);
            var p = 1 / (1 + Math.Exp(-z));
            scores[i] = roundTo > 0 ? (float)(Math.Round(p * roundTo) / roundTo) : (float)p;
        }
        return (scores, labels);
    }

    private static double Gaussian(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());

    private static double Psi(double x, double y) => x > y ? 1 : x == y ? 0.5 : 0;

    private static double BruteForceAuc(float[] s, float[] y)
    {
        double sum = 0; long pairs = 0;
        for (var i = 0; i < s.Length; i++)
            for (var j = 0; j < s.Length; j++)
                if (y[i] == 1 && y[j] == 0) { sum += Psi(s[i], s[j]); pairs++; }
        return sum / pairs;
    }

    private static double BruteForceVariance(float[] s, float[] y)
    {
        var pos = s.Where((_, i) => y[i] == 1).ToArray();
        var neg = s.Where((_, i) => y[i] == 0).ToArray();
        var v10 = pos.Select(p => neg.Average(q => Psi(p, q))).ToArray();
        var v01 = neg.Select(q => pos.Average(p => Psi(p, q))).ToArray();
        double Var(double[] v) { var m = v.Average(); return v.Sum(x => (x - m) * (x - m)) / (v.Length - 1); }
        return Var(v10) / pos.Length + Var(v01) / neg.Length;
    }
}
