namespace Pipeline.Serving.Metrics;

/// <summary>Running count/sum of one numeric feature plus quantiles over the most recent values (a ring buffer), for drift dashboards.</summary>
/// <remarks>Summaries of one model may share a lock (<paramref name="gate"/>), so observing every column of a batch takes it once.</remarks>
internal sealed class NumericFeatureSummary(object gate)
{
    private const int Window = 1024;
    private readonly float[] _recent = new float[Window];
    private readonly object _gate = gate;
    private long _count;
    private long _missing;
    private double _sum;

    public NumericFeatureSummary() : this(new object()) { }

    public void Observe(ReadOnlySpan<float> values)
    {
        lock (_gate) ObserveLocked(values);
    }

    /// <summary>Observes with the shared lock already held by the caller.</summary>
    public void ObserveLocked(ReadOnlySpan<float> values)
    {
        foreach (var v in values)
        {
            if (float.IsNaN(v)) { _missing++; continue; }
            _recent[_count % Window] = v;
            _count++;
            _sum += v;
        }
    }

    public (long Count, long Missing, double Sum, double[] Quantiles) Snapshot(IReadOnlyList<double> quantiles)
    {
        float[] window;
        long count, missing;
        double sum;
        lock (_gate)
        {
            count = _count;
            missing = _missing;
            sum = _sum;
            window = _recent.AsSpan(0, (int)Math.Min(count, Window)).ToArray();
        }
        Array.Sort(window);
        var q = quantiles.Select(p => window.Length == 0 ? double.NaN : window[(int)Math.Min(window.Length - 1, Math.Floor(p * window.Length))]).Select(v => (double)v).ToArray();
        return (count, missing, sum, q);
    }
}
