namespace Pipeline.Data.Profiling;

/// <summary>
/// Mergeable quantile sketch with relative accuracy (the DDSketch construction): a value x &gt; 0 falls into bucket
/// ⌈log_γ x⌉ with γ = (1+α)/(1−α), so every quantile is returned within relative error α. Buckets of two sketches
/// with the same α line up exactly, which makes merging, CDFs, KS and Wasserstein between profiles straightforward.
/// Memory is bounded: past <see cref="MaxBuckets"/> buckets per sign the smallest-magnitude buckets are folded together.
/// </summary>
public sealed class QuantileSketch
{
    public const double DefaultRelativeAccuracy = 0.01;
    public const int MaxBuckets = 4096;

    private readonly double _gamma;
    private readonly double _lnGamma;
    private readonly double _minIndexable;
    private readonly BucketStore _positive = new();
    private readonly BucketStore _negative = new();

    public QuantileSketch(double relativeAccuracy = DefaultRelativeAccuracy)
    {
        RelativeAccuracy = relativeAccuracy;
        _gamma = (1 + relativeAccuracy) / (1 - relativeAccuracy);
        _lnGamma = Math.Log(_gamma);
        _minIndexable = 1e-9;
        if (relativeAccuracy == DefaultRelativeAccuracy)
        {
            _smallIndex = _defaultSmall;
            if (_smallIndex is null)
            {
                var table = new int[SmallIntegers];
                for (var i = 1; i < table.Length; i++) table[i] = Index(i);
                _smallIndex = _defaultSmall = table;
            }
        }
    }

    public double RelativeAccuracy { get; }

    private const int SmallIntegers = 1 << 16;
    private static int[]? _defaultSmall;
    private readonly int[]? _smallIndex;

    public long Count { get; private set; }

    public long ZeroCount { get; private set; }

    internal BucketStore Positive => _positive;

    internal BucketStore Negative => _negative;

    public void Add(double value)
    {
        Count++;
        // Small non-negative integers (hours, counts, ages) take their bucket from a table instead of a logarithm.
        if (value >= 1 && value < SmallIntegers && value == (int)value && _smallIndex is { } table) _positive.Add(table[(int)value], 1);
        else if (value > _minIndexable) _positive.Add(Index(value), 1);
        else if (value < -_minIndexable) _negative.Add(Index(-value), 1);
        else ZeroCount++;
    }

    internal int Index(double magnitude) => (int)Math.Ceiling(Math.Log(magnitude) / _lnGamma);

    /// <summary>Representative value of bucket <paramref name="index"/> (relative error ≤ α for every value in it).</summary>
    internal double Value(int index) => 2 * Math.Pow(_gamma, index) / (_gamma + 1);

    public void Merge(QuantileSketch other)
    {
        if (other.RelativeAccuracy != RelativeAccuracy) throw new ArgumentException("sketches with different accuracy cannot be merged", nameof(other));
        Count += other.Count;
        ZeroCount += other.ZeroCount;
        _positive.Merge(other._positive);
        _negative.Merge(other._negative);
    }

    /// <summary>Value at quantile <paramref name="q"/> in [0, 1]; NaN when empty.</summary>
    public double Quantile(double q)
    {
        if (Count == 0) return double.NaN;
        var rank = (long)Math.Floor(Math.Clamp(q, 0, 1) * (Count - 1));
        long seen = 0;
        foreach (var (value, count) in Points())
        {
            seen += count;
            if (seen > rank) return value;
        }
        return Points().Last().Value;
    }

    /// <summary>Share of values ≤ <paramref name="x"/> (bucket representatives compared to x).</summary>
    public double Cdf(double x)
    {
        if (Count == 0) return double.NaN;
        long below = 0;
        foreach (var (value, count) in Points())
        {
            if (value > x) break;
            below += count;
        }
        return below / (double)Count;
    }

    /// <summary>Buckets in ascending value order with their counts.</summary>
    public IEnumerable<(double Value, long Count)> Points()
    {
        foreach (var (index, count) in _negative.Descending()) yield return (-Value(index), count);
        if (ZeroCount > 0) yield return (0, ZeroCount);
        foreach (var (index, count) in _positive.Ascending()) yield return (Value(index), count);
    }

    /// <summary>Serializable form.</summary>
    public SketchData ToData() => new(RelativeAccuracy, ZeroCount, _positive.Offset, _positive.Counts(), _negative.Offset, _negative.Counts());

    public static QuantileSketch FromData(SketchData data)
    {
        var s = new QuantileSketch(data.RelativeAccuracy) { ZeroCount = data.ZeroCount };
        s._positive.Load(data.PositiveOffset, data.Positive);
        s._negative.Load(data.NegativeOffset, data.Negative);
        s.Count = data.ZeroCount + data.Positive.Sum() + data.Negative.Sum();
        return s;
    }
}

/// <summary>Stored form of a <see cref="QuantileSketch"/>: bucket counts from an offset index, per sign.</summary>
public sealed record SketchData(double RelativeAccuracy, long ZeroCount, int PositiveOffset, long[] Positive, int NegativeOffset, long[] Negative);
