using System.Runtime.CompilerServices;

using System.Collections.Concurrent;

namespace Pipeline.Serving.Metrics;

/// <summary>Counts per category value of one feature, capped so an unbounded input cannot blow up series cardinality.</summary>
internal sealed class CategoricalFeatureCounts
{
    public const int MaxValues = 64;
    public const string Other = "__other__";
    public const string Missing = "__missing__";
    private readonly ConcurrentDictionary<string, StrongBox<long>> _counts = new(StringComparer.Ordinal);

    public void Observe(ReadOnlySpan<string?> values)
    {
        foreach (var v in values)
        {
            var key = v ?? Missing;
            if (!_counts.TryGetValue(key, out var box))
                box = _counts.Count >= MaxValues ? _counts.GetOrAdd(Other, _ => new StrongBox<long>()) : _counts.GetOrAdd(key, _ => new StrongBox<long>());
            Interlocked.Increment(ref box.Value);
        }
    }

    public IEnumerable<(string Value, long Count)> Snapshot() =>
        _counts.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (kv.Key, Volatile.Read(ref kv.Value.Value)));
}
