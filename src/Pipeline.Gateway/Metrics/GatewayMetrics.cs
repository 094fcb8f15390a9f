using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Pipeline.Core.Monitoring;

namespace Pipeline.Gateway.Metrics;

/// <summary>All metrics of the gateway, keyed by variant (stable/canary) and model version.</summary>
public sealed class GatewayMetrics(IReadOnlyList<double>? scoreBounds = null)
{
    private readonly ConcurrentDictionary<(string Variant, string Version), VariantMetrics> _variants = new();
    private long _shadowComparisons;
    private long _shadowDisagreements;

    public PrometheusHistogram ShadowScoreDifference { get; } = new([0.001, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1]);

    public long ShadowComparisons => Interlocked.Read(ref _shadowComparisons);
    public long ShadowDisagreements => Interlocked.Read(ref _shadowDisagreements);

    private readonly ConcurrentDictionary<int, StrongBox<long>> _rejected = new();

    /// <summary>Requests the gateway answered itself, by status (400/408 bodies not delivered, 413 too large, 508 loop): client faults, no variant's error.</summary>
    public IEnumerable<KeyValuePair<int, long>> Rejected => _rejected.OrderBy(kv => kv.Key).Select(kv => KeyValuePair.Create(kv.Key, Interlocked.Read(ref kv.Value.Value)));

    public void CountRejected(int status) => Interlocked.Increment(ref _rejected.GetOrAdd(status, _ => new StrongBox<long>()).Value);

    public VariantMetrics For(string variant, string version) => _variants.GetOrAdd((variant, version), _ => new VariantMetrics(scoreBounds));

    public IEnumerable<KeyValuePair<(string Variant, string Version), VariantMetrics>> All =>
        _variants.OrderBy(kv => kv.Key.Variant, StringComparer.Ordinal).ThenBy(kv => kv.Key.Version, StringComparer.Ordinal);

    public void RecordShadowComparison(bool disagreed, double maxDifference)
    {
        Interlocked.Increment(ref _shadowComparisons);
        if (disagreed) Interlocked.Increment(ref _shadowDisagreements);
        if (double.IsFinite(maxDifference)) ShadowScoreDifference.Observe(maxDifference);
    }
}
