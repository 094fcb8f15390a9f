namespace Pipeline.Benchmarking.Latency;

/// <summary>HDR-style log-linear histogram of latencies in microseconds: about 0.8 % relative precision from 1 µs to hours, fixed memory.</summary>
/// <remarks>Not thread-safe: give each load worker its own histogram and <see cref="Add"/> them at the end.</remarks>
public sealed class LatencyHistogram
{
    private const int SubBucketBits = 8;
    private const int SubBucketCount = 1 << SubBucketBits;      // values below this are exact
    private const int HalfSubBucket = SubBucketCount / 2;
    private const int MaxMagnitude = 40;                           // 2^40 µs ≈ 12 days
    private readonly long[] _counts = new long[SubBucketCount + (MaxMagnitude - SubBucketBits) * HalfSubBucket];

    public long Count { get; private set; }
    public long MinMicroseconds { get; private set; } = long.MaxValue;
    public long MaxMicroseconds { get; private set; }
    private double _sum;

    public double MeanMicroseconds => Count == 0 ? 0 : _sum / Count;

    public void RecordMicroseconds(long value)
    {
        if (value < 0) value = 0;
        _counts[IndexOf(value)]++;
        Count++;
        _sum += value;
        if (value < MinMicroseconds) MinMicroseconds = value;
        if (value > MaxMicroseconds) MaxMicroseconds = value;
    }

    public void Record(TimeSpan latency) => RecordMicroseconds(latency.Ticks / 10);

    /// <summary>Adds every sample of <paramref name="other"/> to this histogram.</summary>
    public void Add(LatencyHistogram other)
    {
        for (var i = 0; i < _counts.Length; i++) _counts[i] += other._counts[i];
        Count += other.Count;
        _sum += other._sum;
        if (other.Count > 0)
        {
            MinMicroseconds = Math.Min(MinMicroseconds, other.MinMicroseconds);
            MaxMicroseconds = Math.Max(MaxMicroseconds, other.MaxMicroseconds);
        }
    }

    /// <summary>The value at percentile <paramref name="percentile"/> (0–100), in microseconds; the bucket's upper bound, as HDR reports it.</summary>
    public long PercentileMicroseconds(double percentile)
    {
        if (Count == 0) return 0;
        var target = Math.Max(1, (long)Math.Ceiling(percentile / 100.0 * Count));
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= target) return Math.Min(UpperBoundOf(i), MaxMicroseconds);
        }
        return MaxMicroseconds;
    }

    public double PercentileMs(double percentile) => PercentileMicroseconds(percentile) / 1000.0;

    /// <summary>Non-empty buckets as (lower µs, upper µs, count), in increasing order.</summary>
    public IEnumerable<(long LowerMicroseconds, long UpperMicroseconds, long Count)> Buckets()
    {
        for (var i = 0; i < _counts.Length; i++)
            if (_counts[i] > 0) yield return (LowerBoundOf(i), UpperBoundOf(i), _counts[i]);
    }

    public LatencySummary Summarize() => new()
    {
        Count = Count,
        MeanMs = MeanMicroseconds / 1000.0,
        P50Ms = PercentileMs(50),
        P95Ms = PercentileMs(95),
        P99Ms = PercentileMs(99),
        P999Ms = PercentileMs(99.9),
        MaxMs = MaxMicroseconds / 1000.0,
        Bins = LogBins(),
    };

    private List<LatencyBin> LogBins()
    {
        // Four bins per doubling: fine enough to show two modes, small enough to store with every report.
        return Buckets()
            .GroupBy(b => (int)Math.Floor(4 * Math.Log2(Math.Max(1, b.LowerMicroseconds))))
            .Select(g => new LatencyBin(Math.Pow(2, g.Key / 4.0) / 1000.0, Math.Pow(2, (g.Key + 1) / 4.0) / 1000.0, g.Sum(b => b.Count)))
            .OrderBy(b => b.LowerMs)
            .ToList();
    }

    internal static int IndexOf(long value)
    {
        if (value < SubBucketCount) return (int)value;
        var msb = 63 - System.Numerics.BitOperations.LeadingZeroCount((ulong)value);
        if (msb >= MaxMagnitude) return SubBucketCount + (MaxMagnitude - SubBucketBits) * HalfSubBucket - 1;
        var shift = msb - (SubBucketBits - 1);                 // value >> shift lies in [HalfSubBucket, SubBucketCount)
        return SubBucketCount + (shift - 1) * HalfSubBucket + (int)(value >> shift) - HalfSubBucket;
    }

    internal static long LowerBoundOf(int index)
    {
        if (index < SubBucketCount) return index;
        var shift = (index - SubBucketCount) / HalfSubBucket + 1;
        var sub = (index - SubBucketCount) % HalfSubBucket + HalfSubBucket;
        return (long)sub << shift;
    }

    internal static long UpperBoundOf(int index)
    {
        if (index < SubBucketCount) return index;
        var shift = (index - SubBucketCount) / HalfSubBucket + 1;
        return LowerBoundOf(index) + (1L << shift) - 1;
    }
}
