namespace Pipeline.Core.Monitoring;

/// <summary>A Prometheus histogram with fixed upper bounds; lock-free observation. The model server and the gateway both
/// expose theirs through it, so the two agree on the exposition format and the judge reads both the same way.</summary>
public sealed class PrometheusHistogram(double[] upperBounds)
{
    private readonly long[] _counts = new long[upperBounds.Length + 1];
    private long _sumBits;

    public IReadOnlyList<double> UpperBounds => upperBounds;

    public void Observe(double value)
    {
        var i = Array.BinarySearch(upperBounds, value);
        if (i < 0) i = ~i;          // first bound >= value; le is inclusive
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

    public long Count => Cumulative()[^1];

    public double Sum => BitConverter.Int64BitsToDouble(Interlocked.Read(ref _sumBits));

    /// <summary>The <c>_bucket</c> (cumulative), <c>_sum</c> and <c>_count</c> lines; <paramref name="labels"/> formatted, without braces, may be empty.</summary>
    public void WriteTo(TextWriter w, string name, string labels)
    {
        var cumulative = Cumulative();
        var prefix = labels.Length > 0 ? labels + "," : "";
        for (var i = 0; i < upperBounds.Length; i++)
            w.Write($"{name}_bucket{{{prefix}le=\"{PrometheusFormat.Number(upperBounds[i])}\"}} {cumulative[i]}\n");
        w.Write($"{name}_bucket{{{prefix}le=\"+Inf\"}} {cumulative[^1]}\n");
        var braces = labels.Length > 0 ? "{" + labels + "}" : "";
        w.Write($"{name}_sum{braces} {PrometheusFormat.Number(Sum)}\n");
        w.Write($"{name}_count{braces} {cumulative[^1]}\n");
    }
}
