using Pipeline.Data.Contracts;
using Pipeline.Data.Profiling;

namespace Pipeline.Data.Drift;

public static partial class ProfileDrift
{
    private static readonly double[] Deciles = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

    private static Pending? Numeric(ColumnProfile before, ColumnProfile now, DriftTestRule rule)
    {
        if (before.Sketch is null || now.Sketch is null) return null;
        var b = QuantileSketch.FromData(before.Sketch);
        var c = QuantileSketch.FromData(now.Sketch);
        var detail = $"{now.Name} moved: baseline p50 {F(before.Quantiles?["p50"] ?? double.NaN)}, mean {F(before.Mean ?? double.NaN)} → now p50 {F(now.Quantiles?["p50"] ?? double.NaN)}, mean {F(now.Mean ?? double.NaN)}; "
                     + "find the upstream change, or retrain on the new data and make its profile the baseline";
        switch (rule.Test)
        {
            case DriftTestKind.Psi:
            {
                var edges = Deciles.Select(b.Quantile).Distinct().ToArray();
                var psi = DriftStatistics.Psi(BinCounts(b, edges), BinCounts(c, edges));
                return new Pending(now.Name, rule, psi, double.NaN, now.Count, F(psi), detail);
            }
            case DriftTestKind.KolmogorovSmirnov:
            {
                var (d, _) = CdfDistances(b, c);
                var p = DriftStatistics.KolmogorovSmirnovPValue(d, b.Count, c.Count);
                return new Pending(now.Name, rule, d, p, now.Count, $"D={F(d)}", detail);
            }
            case DriftTestKind.Wasserstein:
            {
                var (_, w) = CdfDistances(b, c);
                var scale = before.Std is > 0 ? before.Std.Value : Math.Max(1e-9, Math.Abs(before.Mean ?? 1));
                var normalized = w / scale;
                return new Pending(now.Name, rule, normalized, double.NaN, now.Count, F(normalized), detail + $" (W1 {F(w)} = {F(normalized)} baseline std)");
            }
            default:
                return null;
        }
    }

    private static double[] BinCounts(QuantileSketch s, double[] edges)
    {
        var counts = new double[edges.Length + 1];
        var previous = 0.0;
        for (var i = 0; i < edges.Length; i++)
        {
            var cdf = s.Cdf(edges[i]);
            counts[i] = cdf - previous;
            previous = cdf;
        }
        counts[^1] = 1 - previous;
        return counts;
    }

    /// <summary>KS statistic (largest CDF gap) and Wasserstein-1 distance (area between CDFs) over the union of bucket values.</summary>
    internal static (double Ks, double Wasserstein) CdfDistances(QuantileSketch a, QuantileSketch b)
    {
        var points = a.Points().Select(p => p.Value).Concat(b.Points().Select(p => p.Value)).Distinct().Order().ToArray();
        var ea = a.Points().GetEnumerator();
        var eb = b.Points().GetEnumerator();
        bool hasA = ea.MoveNext(), hasB = eb.MoveNext();
        long ca = 0, cb = 0;
        double ks = 0, w = 0;
        for (var i = 0; i < points.Length; i++)
        {
            var x = points[i];
            while (hasA && ea.Current.Value <= x) { ca += ea.Current.Count; hasA = ea.MoveNext(); }
            while (hasB && eb.Current.Value <= x) { cb += eb.Current.Count; hasB = eb.MoveNext(); }
            var gap = Math.Abs(ca / (double)a.Count - cb / (double)b.Count);
            ks = Math.Max(ks, gap);
            if (i + 1 < points.Length) w += gap * (points[i + 1] - x);
        }
        return (ks, w);
    }

    private static Pending? Categorical(ColumnProfile before, ColumnProfile now, DriftTestRule rule)
    {
        var keys = (before.Categories ?? []).Select(c => c.Value).Union((now.Categories ?? []).Select(c => c.Value)).ToList();
        var b = keys.Select(k => (double)(before.Categories?.FirstOrDefault(c => c.Value == k)?.Count ?? 0)).Append(before.OtherCount).ToArray();
        var c = keys.Select(k => (double)(now.Categories?.FirstOrDefault(x => x.Value == k)?.Count ?? 0)).Append(now.OtherCount).ToArray();
        var known = (before.Categories ?? []).Select(x => x.Value).ToHashSet();
        var fresh = (now.Categories ?? []).Where(x => !known.Contains(x.Value)).Select(x => $"{x.Value} ({x.Count})").Take(5).ToList();
        var totalB = b.Sum();
        var totalC = c.Sum();
        var moves = keys.Select((k, i) => (k, d: c[i] / totalC - b[i] / totalB)).OrderByDescending(x => Math.Abs(x.d)).Take(3)
            .Select(x => $"{x.k} {F(b[keys.IndexOf(x.k)] / totalB * 100)}% → {F(c[keys.IndexOf(x.k)] / totalC * 100)}%");
        var detail = $"{now.Name} shares changed: {string.Join(", ", moves)}"
                     + (fresh.Count > 0 ? $"; values not in the baseline: {string.Join(", ", fresh)}" : "")
                     + "; find the upstream change, or retrain on the new data and make its profile the baseline";
        switch (rule.Test)
        {
            case DriftTestKind.Psi:
                var psi = DriftStatistics.Psi(b, c);
                return new Pending(now.Name, rule, psi, double.NaN, now.Count, F(psi), detail);
            case DriftTestKind.ChiSquare:
                var (stat, df, p) = DriftStatistics.ChiSquare(b, c);
                return new Pending(now.Name, rule, stat, p, now.Count, $"χ²={F(stat)} df={df}", detail);
            case DriftTestKind.JensenShannon:
                var js = DriftStatistics.JensenShannon(b, c);
                return new Pending(now.Name, rule, js, double.NaN, now.Count, F(js), detail);
            default:
                return null;
        }
    }
}
