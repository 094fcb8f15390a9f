using System.Buffers.Binary;

namespace Pipeline.Data.Validation;

/// <summary>Fast 64-bit hash of a byte span (multiply-fold mixing in the style of wyhash), stable across runs.</summary>
internal static class ByteHash
{
    private const ulong P0 = 0xa0761d6478bd642fUL;
    private const ulong P1 = 0xe7037ed1a0b428dbUL;
    private const ulong P2 = 0x8ebc6af09c88c6e3UL;

    public static ulong Hash64(ReadOnlySpan<byte> s)
    {
        var h = P0 ^ (ulong)s.Length * P1;
        while (s.Length >= 8)
        {
            h = Mix(h ^ BinaryPrimitives.ReadUInt64LittleEndian(s), P1);
            s = s[8..];
        }
        ulong tail = 0;
        for (var i = 0; i < s.Length; i++) tail |= (ulong)s[i] << (8 * i);
        return Mix(Mix(h ^ tail, P2), P0);
    }

    private static ulong Mix(ulong a, ulong b)
    {
        var hi = Math.BigMul(a, b, out var lo);
        return hi ^ lo;
    }
}
