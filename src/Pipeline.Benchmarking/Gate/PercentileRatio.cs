using Pipeline.Benchmarking.Latency;

namespace Pipeline.Benchmarking.Gate;

/// <summary>Candidate percentile / champion percentile over pooled rounds, with a bootstrap confidence interval.</summary>
/// <param name="Ratio">Pooled candidate percentile / pooled champion percentile (the numbers the verdict shows).</param>
/// <param name="Lower">Lower end of the two-sided interval.</param>
/// <param name="Upper">Upper end of the two-sided interval.</param>
/// <param name="Confidence">Two-sided coverage of [Lower, Upper], e.g. 0.90 (so Lower is a 95 % one-sided bound).</param>
public sealed record PercentileRatio(double Ratio, double Lower, double Upper, double Confidence, int Resamples)
{
    /// <summary>
    /// A tail percentile from a few seconds of traffic rests on a handful of samples (p99 of 600 requests is the 6th slowest),
    /// so two identical models often differ by tens of percent. The bootstrap resamples every round of each variant from its
    /// own histogram (rounds stay apart, so each keeps its share of machine drift), pools them, and takes the ratio; the
    /// spread of those ratios is the interval. Seeded, so the same measurements give the same interval.
    /// </summary>
    public static PercentileRatio Estimate(IReadOnlyList<LatencyHistogram> candidateRounds, IReadOnlyList<LatencyHistogram> championRounds,
        double percentile = 99, double confidence = 0.90, int resamples = 1000, int seed = 17)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 10);
        var candidate = candidateRounds.Where(h => h.Count > 0).Select(Empirical.From).ToArray();
        var champion = championRounds.Where(h => h.Count > 0).Select(Empirical.From).ToArray();
        if (candidate.Length == 0 || champion.Length == 0) throw new ArgumentException("both variants need at least one round with samples");
        var ratio = Pooled(candidate, percentile, null) / Math.Max(1, Pooled(champion, percentile, null));
        var random = new Random(seed);
        var ratios = new double[resamples];
        for (var b = 0; b < resamples; b++)
            ratios[b] = Pooled(candidate, percentile, random) / Math.Max(1, Pooled(champion, percentile, random));
        Array.Sort(ratios);
        var tail = (1 - confidence) / 2;
        return new PercentileRatio(ratio, ratios[(int)Math.Floor(tail * (resamples - 1))], ratios[(int)Math.Ceiling((1 - tail) * (resamples - 1))], confidence, resamples);
    }

    /// <summary>Percentile (µs) of all rounds pooled; with a random source, of one bootstrap resample of each round.</summary>
    private static double Pooled(Empirical[] rounds, double percentile, Random? random)
    {
        var total = rounds.Sum(r => r.Count);
        var values = new long[total];
        var at = 0;
        foreach (var r in rounds)
        {
            for (var i = 0; i < r.Count; i++) values[at++] = random is null ? r.ValueAt(i) : r.ValueAt(random.NextInt64(r.Count));
        }
        Array.Sort(values);
        var rank = Math.Max(1, (long)Math.Ceiling(percentile / 100.0 * total));
        return values[rank - 1];
    }

    /// <summary>One round's samples as the histogram's bucket values (upper bounds, as HDR reports them) and cumulative counts.</summary>
    private sealed class Empirical(long[] values, long[] cumulative)
    {
        public int Count => (int)cumulative[^1];

        public long ValueAt(long index)
        {
            var i = Array.BinarySearch(cumulative, index + 1);
            return values[i >= 0 ? i : ~i];
        }

        public static Empirical From(LatencyHistogram h)
        {
            var buckets = h.Buckets().ToArray();
            var values = new long[buckets.Length];
            var cumulative = new long[buckets.Length];
            long running = 0;
            for (var i = 0; i < buckets.Length; i++)
            {
                values[i] = Math.Min(buckets[i].UpperMicroseconds, h.MaxMicroseconds);
                running += buckets[i].Count;
                cumulative[i] = running;
            }
            return new Empirical(values, cumulative);
        }
    }
}
