namespace Pipeline.Deployment.Judge;

/// <summary>Non-cumulative bucket counts of a histogram: <c>Counts[i]</c> observations in (UpperBounds[i-1], UpperBounds[i]];
/// the last count (index <c>UpperBounds.Length</c>) is the +Inf bucket.</summary>
public sealed record HistogramCounts(double[] UpperBounds, long[] Counts)
{
    public static HistogramCounts Empty(double[] upperBounds) => new(upperBounds, new long[upperBounds.Length + 1]);

    public long Total => Counts.Sum();

    /// <summary>Builds bucket counts from Prometheus-style cumulative <c>le</c> counts (the last one being +Inf).</summary>
    public static HistogramCounts FromCumulative(double[] upperBounds, long[] cumulative)
    {
        if (cumulative.Length != upperBounds.Length + 1)
            throw new ArgumentException($"expected {upperBounds.Length + 1} cumulative counts (incl. +Inf), got {cumulative.Length}");
        var counts = new long[cumulative.Length];
        for (var i = 0; i < cumulative.Length; i++) counts[i] = cumulative[i] - (i == 0 ? 0 : cumulative[i - 1]);
        return new HistogramCounts(upperBounds, counts);
    }

    public HistogramCounts Plus(HistogramCounts other)
    {
        EnsureSameBounds(other);
        return new HistogramCounts(UpperBounds, Counts.Zip(other.Counts, (a, b) => a + b).ToArray());
    }

    public HistogramCounts Minus(HistogramCounts earlier)
    {
        EnsureSameBounds(earlier);
        return new HistogramCounts(UpperBounds, Counts.Zip(earlier.Counts, (a, b) => Math.Max(0, a - b)).ToArray());
    }

    /// <summary>Linear interpolation inside the bucket holding quantile <paramref name="q"/>; NaN when empty.</summary>
    public double Quantile(double q)
    {
        var total = Total;
        if (total == 0) return double.NaN;
        var rank = q * total;
        long seen = 0;
        for (var i = 0; i < Counts.Length; i++)
        {
            if (seen + Counts[i] >= rank && Counts[i] > 0)
            {
                if (i == UpperBounds.Length) return UpperBounds[^1];
                var lower = i == 0 ? 0 : UpperBounds[i - 1];
                return lower + (UpperBounds[i] - lower) * ((rank - seen) / Counts[i]);
            }
            seen += Counts[i];
        }
        return UpperBounds[^1];
    }

    /// <summary>Number of observations above the bucket bound at index <paramref name="boundIndex"/>.</summary>
    public long CountAbove(int boundIndex) => Counts.Skip(boundIndex + 1).Sum();

    private void EnsureSameBounds(HistogramCounts other)
    {
        if (!UpperBounds.AsSpan().SequenceEqual(other.UpperBounds))
            throw new ArgumentException("histograms have different bucket bounds");
    }
}
