namespace Pipeline.Gateway.Metrics;

/// <summary>Lock-free Prometheus histogram with fixed upper bounds.</summary>
public sealed class Histogram(double[] upperBounds)
{
    private readonly long[] _counts = new long[upperBounds.Length + 1];
    private long _sumBits;

    public IReadOnlyList<double> UpperBounds => upperBounds;

    public void Observe(double value)
    {
        var i = Array.BinarySearch(upperBounds, value);
        if (i < 0) i = ~i;
        Interlocked.Increment(ref _counts[i]);
        long seen, next;
        do
        {
            seen = Interlocked.Read(ref _sumBits);
            next = BitConverter.DoubleToInt64Bits(BitConverter.Int64BitsToDouble(seen) + value);
        }
        while (Interlocked.CompareExchange(ref _sumBits, next, seen) != seen);
    }

    /// <summary>Cumulative counts per bound, the last being +Inf (the total).</summary>
    public long[] Cumulative()
    {
        var result = new long[_counts.Length];
        long running = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            running += Interlocked.Read(ref _counts[i]);
            result[i] = running;
        }
        return result;
    }

    public double Sum => BitConverter.Int64BitsToDouble(Interlocked.Read(ref _sumBits));
}
