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
        var n = scores.Length;
        // Position of each row among its class, in row order, so two models' components pair up row by row.
        var classIndex = new int[n];
        int m = 0, k = 0;
        for (var i = 0; i < n; i++) classIndex[i] = labels[i] > 0.5f ? m++ : k++;
        if (m == 0 || k == 0)
            throw new ArgumentException($"AUC needs both classes; got {m} positives and {k} negatives");
        var keys = scores.ToArray();
        var order = new int[n];
        for (var i = 0; i < n; i++) order[i] = i;
        Array.Sort(keys, order);

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
            while (end + 1 < n && keys[end + 1] == keys[g]) end++;
            long tiedPositives = 0, tiedNegatives = 0;
            for (var t = g; t <= end; t++)
                if (labels[order[t]] > 0.5f) tiedPositives++; else tiedNegatives++;
            var forPositive = (negativesBelow + tiedNegatives / 2.0) / k;
            var forNegative = (m - positivesBelow - tiedPositives + tiedPositives / 2.0) / m;
            for (var t = g; t <= end; t++)
            {
                var row = order[t];
                if (labels[row] > 0.5f) { v10[classIndex[row]] = forPositive; sum += forPositive; }
                else v01[classIndex[row]] = forNegative;
            }
            positivesBelow += tiedPositives;
            negativesBelow += tiedNegatives;
            g = end + 1;
        }
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
