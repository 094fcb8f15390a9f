namespace Pipeline.Gateway.Metrics;

/// <summary>Counters and histograms of one variant/version pair.</summary>
public sealed class VariantMetrics
{
    public static readonly double[] LatencyBounds = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
    public static readonly double[] ScoreBounds = [0.01, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 1];

    private long _requests;
    private long _errors;
    private long _retries;
    private long _shadowRequests;

    public long Requests => Interlocked.Read(ref _requests);
    public long Errors => Interlocked.Read(ref _errors);
    public long Retries => Interlocked.Read(ref _retries);
    public long ShadowRequests => Interlocked.Read(ref _shadowRequests);

    public Histogram Latency { get; } = new(LatencyBounds);
    public Histogram Score { get; } = new(ScoreBounds);

    public void CountRequest() => Interlocked.Increment(ref _requests);
    public void CountError() => Interlocked.Increment(ref _errors);
    public void CountRetry() => Interlocked.Increment(ref _retries);
    public void CountShadowRequest() => Interlocked.Increment(ref _shadowRequests);

    public void ObserveScores(ReadOnlySpan<float> scores)
    {
        foreach (var s in scores)
        {
            if (float.IsFinite(s)) Score.Observe(s);
        }
    }
}
