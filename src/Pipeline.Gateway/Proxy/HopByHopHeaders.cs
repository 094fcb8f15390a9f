namespace Pipeline.Gateway.Proxy;

/// <summary>Headers that describe one connection (RFC 9110 §7.6.1) and must not be forwarded.</summary>
internal static class HopByHopHeaders
{
    private static readonly HashSet<string> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "Proxy-Authenticate", "Proxy-Authorization",
        "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Host",
    };

    public static bool Contains(string name) => Names.Contains(name);
}
