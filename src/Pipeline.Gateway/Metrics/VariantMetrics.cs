using Pipeline.Core.Monitoring;

namespace Pipeline.Gateway.Metrics;

/// <summary>Counters and histograms of one variant/version pair.</summary>
public sealed class VariantMetrics(IReadOnlyList<double>? scoreBounds = null)
{
    public static readonly double[] LatencyBounds = [.. RolloutBuckets.LatencySeconds];
    public static readonly double[] ScoreBounds = [.. RolloutBuckets.Scores];

    private long _requests;
    private long _errors;
    private long _retries;
    private long _shadowRequests;

    public long Requests => Interlocked.Read(ref _requests);
    public long Errors => Interlocked.Read(ref _errors);
    public long Retries => Interlocked.Read(ref _retries);
    public long ShadowRequests => Interlocked.Read(ref _shadowRequests);

    public PrometheusHistogram Latency { get; } = new(LatencyBounds);
    /// <summary>Served predictions per variant, in the model's buckets (probabilities, one per class, or regression quantiles).</summary>
    public PrometheusHistogram Score { get; } = new(scoreBounds is null ? ScoreBounds : [.. scoreBounds]);

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
