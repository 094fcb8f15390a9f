using System.Text;

namespace Pipeline.Training.Split;

/// <summary>FNV-1a 64-bit hash of UTF-8 text: stable across processes, platforms and .NET versions (unlike string.GetHashCode).</summary>
public static class StableHash
{
    private const ulong Offset = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    public static ulong Fnv1a64(string salt, string value)
    {
        var h = Offset;
        h = Mix(h, salt);
        h = (h ^ 0x1F) * Prime; // unit separator so ("ab","c") and ("a","bc") differ
        h = Mix(h, value);
        // FNV's low bits are weak for short keys; a final avalanche (splitmix64 finaliser) spreads them.
        h ^= h >> 30; h *= 0xBF58476D1CE4E5B9UL;
        h ^= h >> 27; h *= 0x94D049BB133111EBUL;
        h ^= h >> 31;
        return h;
    }

    /// <summary>Maps (salt, value) to a number in [0, 1).</summary>
    public static double Unit(string salt, string value) => (Fnv1a64(salt, value) >> 11) * (1.0 / (1UL << 53));

    private static ulong Mix(ulong h, string s)
    {
        Span<byte> buffer = stackalloc byte[256];
        var bytes = Encoding.UTF8.GetByteCount(s) <= buffer.Length ? buffer[..Encoding.UTF8.GetBytes(s, buffer)] : Encoding.UTF8.GetBytes(s);
        foreach (var b in bytes) h = (h ^ b) * Prime;
        return h;
    }
}
