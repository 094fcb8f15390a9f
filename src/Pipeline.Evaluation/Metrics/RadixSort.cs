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
        var keys = new uint[n];
        var rows = new int[n];
        var histogram = new int[3 * Buckets];
        for (var i = 0; i < n; i++)
        {
            var k = Key(scores[i]);
            keys[i] = k;
            rows[i] = i;
            histogram[k & Mask]++;
            histogram[Buckets + ((k >> Bits) & Mask)]++;
            histogram[2 * Buckets + (k >> (2 * Bits))]++;
        }
        if (n < 2) return rows;
        var keysOut = new uint[n];
        var rowsOut = new int[n];
        for (var pass = 0; pass < 3; pass++)
        {
            var shift = pass * Bits;
            var counts = histogram.AsSpan(pass * Buckets, Buckets);
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
        return rows;
    }

    /// <summary>Order-preserving map of a float to an unsigned key; every NaN maps to 0, below −∞.</summary>
    private static uint Key(float f)
    {
        if (float.IsNaN(f)) return 0;
        var bits = BitConverter.SingleToUInt32Bits(f);
        return (bits & 0x8000_0000u) != 0 ? ~bits : bits | 0x8000_0000u;
    }
}
