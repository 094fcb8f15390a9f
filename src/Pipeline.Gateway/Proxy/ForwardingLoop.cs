using Pipeline.Gateway.Routing;

namespace Pipeline.Gateway.Proxy;

/// <summary>
/// Marks forwarded requests with the gateway's instance id, so a request that comes back to the same gateway (an upstream that
/// is the gateway itself, directly or through another proxy) is refused once instead of being forwarded again and again.
/// </summary>
internal static class ForwardingLoop
{
    public const string Header = "X-Pipeline-Gateway";

    public static void Mark(HttpRequestMessage message, string instanceId) => message.Headers.TryAddWithoutValidation(Header, instanceId);

    public static bool CameThrough(HttpContext ctx, string instanceId) =>
        ctx.Request.Headers.TryGetValue(Header, out var ids) && ids.Any(v => v is not null && v.Split(',').Any(id => id.Trim() == instanceId));

    /// <summary>True when <paramref name="upstream"/> names the address this gateway answers on (its own port on a local or the requested host).</summary>
    public static bool IsSelf(Upstream upstream, HttpContext ctx)
    {
        if (!Uri.TryCreate(upstream.Url, UriKind.Absolute, out var uri) || uri.Port != ctx.Connection.LocalPort) return false;
        if (string.Equals(uri.Host, ctx.Request.Host.Host, StringComparison.OrdinalIgnoreCase) || uri.IsLoopback) return true;
        return System.Net.IPAddress.TryParse(uri.Host, out var ip) && (ip.Equals(ctx.Connection.LocalIpAddress) || ip.Equals(System.Net.IPAddress.Any));
    }
}
