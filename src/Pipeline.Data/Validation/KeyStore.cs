namespace Pipeline.Data.Validation;

/// <summary>
/// Hashes of a unique column's values with their row numbers, partitioned by the hash's top byte so duplicates are found
/// one partition at a time at the end (12 bytes per row; no strings kept).
/// </summary>
internal sealed class KeyStore
{
    private const int Partitions = 256;
    private const int BlockSize = 4096;
    private readonly List<Entry[]>[] _blocks = Enumerable.Range(0, Partitions).Select(_ => new List<Entry[]>()).ToArray();
    private readonly int[] _fill = new int[Partitions];

    internal readonly record struct Entry(ulong Hash, uint Row);

    public long Count { get; private set; }

    public void Add(ReadOnlySpan<byte> value, long row)
    {
        var hash = ByteHash.Hash64(value);
        var p = (int)(hash >> 56);
        var blocks = _blocks[p];
        if (blocks.Count == 0 || _fill[p] == BlockSize)
        {
            blocks.Add(new Entry[blocks.Count == 0 ? 256 : BlockSize]);
            _fill[p] = 0;
        }
        else if (_fill[p] == blocks[^1].Length)
        {
            var grown = new Entry[BlockSize];
            blocks[^1].CopyTo(grown, 0);
            blocks[^1] = grown;
        }
        blocks[^1][_fill[p]++] = new Entry(hash, (uint)Math.Min(row, uint.MaxValue));
        Count++;
    }

    /// <summary>Finds rows whose value repeats an earlier row's value across all stores; reports (row, first row) pairs.</summary>
    public static long FindDuplicates(IReadOnlyList<KeyStore> stores, int keep, List<(long Row, long FirstRow)> first)
    {
        long duplicates = 0;
        for (var p = 0; p < Partitions; p++)
        {
            var size = 0;
            foreach (var s in stores) size += s.PartitionSize(p);
            if (size < 2) continue;
            var all = new Entry[size];
            var at = 0;
            foreach (var s in stores) at = s.CopyPartition(p, all, at);
            Array.Sort(all, static (a, b) => a.Hash != b.Hash ? a.Hash.CompareTo(b.Hash) : a.Row.CompareTo(b.Row));
            for (var i = 1; i < all.Length; i++)
            {
                if (all[i].Hash != all[i - 1].Hash) continue;
                duplicates++;
                var j = i - 1;
                while (j > 0 && all[j - 1].Hash == all[i].Hash) j--;
                first.Add((all[i].Row, all[j].Row));
            }
        }
        first.Sort();
        if (first.Count > keep) first.RemoveRange(keep, first.Count - keep);
        return duplicates;
    }

    private int PartitionSize(int p)
    {
        var blocks = _blocks[p];
        return blocks.Count == 0 ? 0 : (blocks.Count - 1) * BlockSize + _fill[p];
    }

    private int CopyPartition(int p, Entry[] target, int at)
    {
        var blocks = _blocks[p];
        for (var b = 0; b < blocks.Count; b++)
        {
            var n = b == blocks.Count - 1 ? _fill[p] : BlockSize;
            Array.Copy(blocks[b], 0, target, at, n);
            at += n;
        }
        blocks.Clear();
        return at;
    }
}
