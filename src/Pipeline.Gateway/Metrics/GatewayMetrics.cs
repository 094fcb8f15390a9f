using System.Collections.Concurrent;
using Pipeline.Core.Monitoring;

namespace Pipeline.Gateway.Metrics;

/// <summary>All metrics of the gateway, keyed by variant (stable/canary) and model version.</summary>
public sealed class GatewayMetrics
{
    private readonly ConcurrentDictionary<(string Variant, string Version), VariantMetrics> _variants = new();
    private long _shadowComparisons;
    private long _shadowDisagreements;

    public PrometheusHistogram ShadowScoreDifference { get; } = new([0.001, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1]);

    public long ShadowComparisons => Interlocked.Read(ref _shadowComparisons);
    public long ShadowDisagreements => Interlocked.Read(ref _shadowDisagreements);

    public VariantMetrics For(string variant, string version) => _variants.GetOrAdd((variant, version), _ => new VariantMetrics());

    public IEnumerable<KeyValuePair<(string Variant, string Version), VariantMetrics>> All =>
        _variants.OrderBy(kv => kv.Key.Variant, StringComparer.Ordinal).ThenBy(kv => kv.Key.Version, StringComparer.Ordinal);

    public void RecordShadowComparison(bool disagreed, double maxDifference)
    {
        Interlocked.Increment(ref _shadowComparisons);
        if (disagreed) Interlocked.Increment(ref _shadowDisagreements);
        if (double.IsFinite(maxDifference)) ShadowScoreDifference.Observe(maxDifference);
    }
}
