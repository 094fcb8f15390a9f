using System.Buffers;

namespace Pipeline.Evaluation.Metrics;

/// <summary>
/// Stable LSD radix sort (3 passes of 11 bits) of row indices by float score: O(n), about 10× faster than a comparison sort of 1 M rows.
/// Order equals <see cref="Array.Sort{TKey,TValue}(TKey[],TValue[])"/> on the scores up to the order of equal scores (kept in row order here):
/// NaN first, then ascending; −0 sorts just before +0 (they compare equal, so tie groups by <c>==</c> still merge them).
/// </summary>
internal static class RadixSort
{
    private const int Bits = 11;
    private const int Buckets = 1 << Bits;
    private const uint Mask = Buckets - 1;

    public static int[] Ascending(ReadOnlySpan<float> scores)
    {
        var n = scores.Length;
        var result = new int[n];
        if (n < 2)
        {
            if (n == 1) result[0] = 0;
            return result;
        }
        // Scratch buffers come from the shared pool: a gate run sorts several 1 M-row sets, and fresh large-object-heap arrays
        // for each would trigger full collections of a heap holding the whole dataset.
        var keys = ArrayPool<uint>.Shared.Rent(n);
        var keysOut = ArrayPool<uint>.Shared.Rent(n);
        var scratch = ArrayPool<int>.Shared.Rent(n);
        var rows = result;
        var rowsOut = scratch;
        Span<int> histogram = stackalloc int[3 * Buckets];
        histogram.Clear();
        for (var i = 0; i < n; i++)
        {
            var k = Key(scores[i]);
            keys[i] = k;
            rows[i] = i;
            histogram[(int)(k & Mask)]++;
            histogram[Buckets + (int)((k >> Bits) & Mask)]++;
            histogram[2 * Buckets + (int)(k >> (2 * Bits))]++;
        }
        for (var pass = 0; pass < 3; pass++)
        {
            var shift = pass * Bits;
            var counts = histogram.Slice(pass * Buckets, Buckets);
            if (counts[(int)((keys[0] >> shift) & Mask)] == n) continue; // every key has the same digit: the pass would not move anything
            var sum = 0;
            for (var b = 0; b < Buckets; b++)
            {
                var c = counts[b];
                counts[b] = sum;
                sum += c;
            }
            for (var i = 0; i < n; i++)
            {
                var k = keys[i];
                var p = counts[(int)((k >> shift) & Mask)]++;
                keysOut[p] = k;
                rowsOut[p] = rows[i];
            }
            (keys, keysOut) = (keysOut, keys);
            (rows, rowsOut) = (rowsOut, rows);
        }
        if (!ReferenceEquals(rows, result)) Array.Copy(rows, result, n);
        ArrayPool<uint>.Shared.Return(keys);
        ArrayPool<uint>.Shared.Return(keysOut);
        ArrayPool<int>.Shared.Return(scratch);
        return result;
    }

    /// <summary>Order-preserving map of a float to an unsigned key; every NaN maps to 0, below −∞.</summary>
    private static uint Key(float f)
    {
        if (float.IsNaN(f)) return 0;
        var bits = BitConverter.SingleToUInt32Bits(f);
        return (bits & 0x8000_0000u) != 0 ? ~bits : bits | 0x8000_0000u;
    }
}
