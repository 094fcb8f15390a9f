using System.Buffers;

namespace Pipeline.Evaluation.Metrics;

/// <summary>
/// ROC AUC and its variance by DeLong's method (DeLong, DeLong &amp; Clarke-Pearson 1988), using the O(n log n) mid-rank form of
/// Sun &amp; Xu (2014). The structural components also give the covariance of two models' AUCs on the same rows (paired test).
/// </summary>
public static class DeLong
{
    /// <summary>Per-model structural components: V10 per positive, V01 per negative; AUC = mean(V10).</summary>
    public sealed record Components(double Auc, double[] V10, double[] V01);

    public static Components Compute(ReadOnlySpan<float> scores, ReadOnlySpan<float> labels)
    {
        if (scores.Length != labels.Length) throw new ArgumentException($"{scores.Length} scores for {labels.Length} labels");
        var (m, k) = ClassCounts(labels);
        return Compute(ScoreOrder.Create(scores, labels), m, k);
    }

    /// <summary>The same, on rows already sorted once (<see cref="ScoreOrder"/>).</summary>
    internal static Components Compute(ScoreOrder rows)
    {
        var (m, k) = ClassCounts(rows.Labels);
        return Compute(rows, m, k);
    }

    private static (int Positives, int Negatives) ClassCounts(ReadOnlySpan<float> labels)
    {
        var m = 0;
        foreach (var l in labels) if (l > 0.5f) m++;
        var k = labels.Length - m;
        if (m == 0 || k == 0)
            throw new ArgumentException($"AUC needs both classes; got {m} positives and {k} negatives");
        return (m, k);
    }

    private static Components Compute(ScoreOrder rows, int m, int k)
    {
        var n = rows.Count;
        var labels = rows.Labels;
        // Position of each row among its class, in row order, so two models' components pair up row by row.
        var classIndex = ArrayPool<int>.Shared.Rent(n);
        int p = 0, q = 0;
        for (var i = 0; i < n; i++) classIndex[i] = labels[i] > 0.5f ? p++ : q++;
        var keys = rows.SortedScores;
        var positive = rows.SortedPositive;
        var order = rows.Ascending;

        // One pass over tie groups in ascending score order. For a positive, V10 = (negatives below + half the tied negatives) / k;
        // for a negative, V01 = (positives above + half the tied positives) / m — the mid-rank identities of Sun & Xu.
        var v10 = new double[m];
        var v01 = new double[k];
        long positivesBelow = 0, negativesBelow = 0;
        double sum = 0;
        var g = 0;
        while (g < n)
        {
            var end = g;
            var key = keys[g];
            long tiedPositives = positive[g] ? 1 : 0;
            while (end + 1 < n && keys[end + 1] == key)
            {
                end++;
                if (positive[end]) tiedPositives++;
            }
            long tiedNegatives = end - g + 1 - tiedPositives;
            var forPositive = (negativesBelow + tiedNegatives / 2.0) / k;
            var forNegative = (m - positivesBelow - tiedPositives + tiedPositives / 2.0) / m;
            for (var t = g; t <= end; t++)
            {
                var row = order[t];
                if (positive[t]) { v10[classIndex[row]] = forPositive; sum += forPositive; }
                else v01[classIndex[row]] = forNegative;
            }
            positivesBelow += tiedPositives;
            negativesBelow += tiedNegatives;
            g = end + 1;
        }
        ArrayPool<int>.Shared.Return(classIndex);
        return new Components(sum / m, v10, v01);
    }

    /// <summary>Variance of one AUC estimate.</summary>
    public static double Variance(Components c) => Covariance(c, c);

    /// <summary>Covariance of two AUC estimates computed on the same rows (same positive and negative order).</summary>
    public static double Covariance(Components a, Components b)
    {
        if (a.V10.Length != b.V10.Length || a.V01.Length != b.V01.Length)
            throw new ArgumentException("paired DeLong needs both models scored on the same rows");
        return SampleCov(a.V10, b.V10) / a.V10.Length + SampleCov(a.V01, b.V01) / a.V01.Length;
    }

    private static double SampleCov(double[] x, double[] y)
    {
        if (x.Length < 2) return 0;
        double mx = x.Average(), my = y.Average(), s = 0;
        for (var i = 0; i < x.Length; i++) s += (x[i] - mx) * (y[i] - my);
        return s / (x.Length - 1);
    }
}
