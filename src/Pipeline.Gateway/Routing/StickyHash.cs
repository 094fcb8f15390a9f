using System.Text;

namespace Pipeline.Gateway.Routing;

/// <summary>Maps a request key to a fixed bucket in [0, 100) with 0.01 resolution (FNV-1a, stable across processes and restarts).</summary>
public static class StickyHash
{
    public static double Bucket(string key)
    {
        const ulong offset = 14695981039346656037UL;
        const ulong prime = 1099511628211UL;
        var hash = offset;
        Span<byte> buffer = stackalloc byte[256];
        var bytes = Encoding.UTF8.GetByteCount(key) <= buffer.Length ? buffer[..Encoding.UTF8.GetBytes(key, buffer)] : Encoding.UTF8.GetBytes(key);
        foreach (var b in bytes)
        {
            hash ^= b;
            hash *= prime;
        }
        // Final avalanche so keys that differ only in the last characters spread evenly.
        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccdUL;
        hash ^= hash >> 33;
        return (hash % 10_000) / 100.0;
    }
}
