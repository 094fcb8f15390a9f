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
        var pos = new List<double>();
        var neg = new List<double>();
        for (var i = 0; i < scores.Length; i++) (labels[i] > 0.5f ? pos : neg).Add(scores[i]);
        if (pos.Count == 0 || neg.Count == 0)
            throw new ArgumentException($"AUC needs both classes; got {pos.Count} positives and {neg.Count} negatives");
        var m = pos.Count;
        var n = neg.Count;
        var all = new double[m + n];
        pos.CopyTo(all, 0);
        neg.CopyTo(all, m);
        var rankAll = MidRanks(all);
        var rankPos = MidRanks(pos.ToArray());
        var rankNeg = MidRanks(neg.ToArray());
        var v10 = new double[m];
        var v01 = new double[n];
        double sum = 0;
        for (var i = 0; i < m; i++)
        {
            v10[i] = (rankAll[i] - rankPos[i]) / n;
            sum += v10[i];
        }
        for (var j = 0; j < n; j++) v01[j] = 1 - (rankAll[m + j] - rankNeg[j]) / m;
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

    /// <summary>1-based mid-ranks (ties get the average rank).</summary>
    internal static double[] MidRanks(double[] values)
    {
        var order = Enumerable.Range(0, values.Length).ToArray();
        Array.Sort(values.ToArray(), order);
        var ranks = new double[values.Length];
        var i = 0;
        while (i < order.Length)
        {
            var j = i;
            while (j + 1 < order.Length && values[order[j + 1]] == values[order[i]]) j++;
            var mid = (i + j) / 2.0 + 1;
            for (var k = i; k <= j; k++) ranks[order[k]] = mid;
            i = j + 1;
        }
        return ranks;
    }
}
