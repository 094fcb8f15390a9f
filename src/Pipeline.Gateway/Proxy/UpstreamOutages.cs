using System.Collections.Concurrent;
using Pipeline.Gateway.Routing;

namespace Pipeline.Gateway.Proxy;

/// <summary>
/// Upstreams that just failed to connect, remembered for a short while so requests go straight to a healthy variant instead of
/// each paying for the failure first; after the window one request tries the upstream again (and is retried if it still fails).
/// </summary>
internal sealed class UpstreamOutages(TimeProvider time, TimeSpan window)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _downUntil = new(StringComparer.Ordinal);

    public void MarkDown(Upstream upstream) => _downUntil[upstream.BaseUrl] = time.GetUtcNow() + window;

    public void MarkUp(Upstream upstream) => _downUntil.TryRemove(upstream.BaseUrl, out _);

    public bool IsDown(Upstream upstream) => _downUntil.TryGetValue(upstream.BaseUrl, out var until) && time.GetUtcNow() < until;
}
