using Pipeline.Gateway.Routing;

namespace Pipeline.Gateway.Admin;

/// <summary>Asks each upstream of a routing table whether it is ready (OIP v2 <c>/v2/health/ready</c>).</summary>
public static class UpstreamProbe
{
    public static async Task<IReadOnlyList<UpstreamHealth>> ProbeAsync(RoutingTable table, HttpClient client, CancellationToken ct)
    {
        var targets = new List<(string Variant, Upstream Upstream)> { ("stable", table.Stable) };
        if (table.Canary is not null) targets.Add(("canary", table.Canary));
        if (table.Previous is not null) targets.Add(("previous", table.Previous));
        var probes = targets.Select(t => ProbeOneAsync(t.Variant, t.Upstream, client, ct));
        return await Task.WhenAll(probes);
    }

    public static async Task<UpstreamHealth> ProbeOneAsync(string variant, Upstream upstream, HttpClient client, CancellationToken ct)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            using var response = await client.GetAsync(upstream.BaseUrl + "/v2/health/ready", timeout.Token);
            return new UpstreamHealth(variant, upstream.Url, upstream.Version, response.IsSuccessStatusCode, $"HTTP {(int)response.StatusCode}");
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            return new UpstreamHealth(variant, upstream.Url, upstream.Version, false, e.Message);
        }
    }
}
