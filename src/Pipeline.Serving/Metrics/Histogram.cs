namespace Pipeline.Serving.Metrics;

/// <summary>A Prometheus histogram with fixed upper bounds; lock-free observation.</summary>
internal sealed class Histogram(double[] upperBounds)
{
    private readonly long[] _buckets = new long[upperBounds.Length + 1];
    private long _sumBits;
    private long _count;

    public IReadOnlyList<double> UpperBounds => upperBounds;

    public void Observe(double value)
    {
        var i = Array.BinarySearch(upperBounds, value);
        if (i < 0) i = ~i;          // first bound >= value; le is inclusive
        Interlocked.Increment(ref _buckets[i]);
        Interlocked.Increment(ref _count);
        long seen, next;
        do
        {
            seen = Volatile.Read(ref _sumBits);
            next = BitConverter.DoubleToInt64Bits(BitConverter.Int64BitsToDouble(seen) + value);
        } while (Interlocked.CompareExchange(ref _sumBits, next, seen) != seen);
    }

    public long Count => Volatile.Read(ref _count);

    /// <summary>Writes the _bucket (cumulative), _sum and _count lines with <paramref name="labels"/> (already formatted, without braces).</summary>
    public void WriteTo(TextWriter w, string name, string labels)
    {
        long cumulative = 0;
        for (var i = 0; i < upperBounds.Length; i++)
        {
            cumulative += Volatile.Read(ref _buckets[i]);
            w.Write($"{name}_bucket{{{labels},le=\"{PrometheusText.Number(upperBounds[i])}\"}} {cumulative}\n");
        }
        cumulative += Volatile.Read(ref _buckets[^1]);
        w.Write($"{name}_bucket{{{labels},le=\"+Inf\"}} {cumulative}\n");
        w.Write($"{name}_sum{{{labels}}} {PrometheusText.Number(BitConverter.Int64BitsToDouble(Volatile.Read(ref _sumBits)))}\n");
        w.Write($"{name}_count{{{labels}}} {cumulative}\n");
    }
}
