using System.Text;

namespace Pipeline.Data.Validation;

/// <summary>Counts per distinct byte value in an open-addressing table, without allocating for values already seen; capped in size.</summary>
internal sealed class CategoryCounter(int maxDistinct)
{
    private Entry?[] _table = new Entry?[64];
    private int _used;

    internal sealed class Entry(byte[] key, ulong hash)
    {
        public byte[] Key { get; } = key;
        public ulong Hash { get; } = hash;
        public long Count;
        public bool Allowed;
        public sbyte RegexResult;
    }

    /// <summary>Values not counted individually because the table was full.</summary>
    public long Overflow { get; private set; }

    public int Distinct => _used;

    /// <summary>The entry for <paramref name="value"/> after counting it once; null when the table is full and the value is new.</summary>
    public Entry? Increment(ReadOnlySpan<byte> value, long by = 1)
    {
        var e = Find(value, create: true);
        if (e is null) { Overflow += by; return null; }
        e.Count += by;
        return e;
    }

    public Entry? Find(ReadOnlySpan<byte> value, bool create)
    {
        var hash = ByteHash.Hash64(value);
        var mask = _table.Length - 1;
        var i = (int)hash & mask;
        while (_table[i] is { } e)
        {
            if (e.Hash == hash && value.SequenceEqual(e.Key)) return e;
            i = (i + 1) & mask;
        }
        if (!create || _used >= maxDistinct) return null;
        var entry = new Entry(value.ToArray(), hash);
        _table[i] = entry;
        if (++_used * 2 > _table.Length) Grow();
        return entry;
    }

    public void Allow(string value)
    {
        var e = Find(Encoding.UTF8.GetBytes(value), create: true);
        if (e is not null) e.Allowed = true;
    }

    private void Grow()
    {
        var old = _table;
        _table = new Entry?[old.Length * 2];
        var mask = _table.Length - 1;
        foreach (var e in old)
        {
            if (e is null) continue;
            var i = (int)e.Hash & mask;
            while (_table[i] is not null) i = (i + 1) & mask;
            _table[i] = e;
        }
    }

    public IEnumerable<Entry> Entries => _table.OfType<Entry>();

    public void Merge(CategoryCounter other)
    {
        Overflow += other.Overflow;
        foreach (var e in other.Entries)
        {
            if (e.Count == 0 && !e.Allowed) continue;
            var mine = Find(e.Key, create: true);
            if (mine is null) { Overflow += e.Count; continue; }
            mine.Count += e.Count;
            mine.Allowed |= e.Allowed;
        }
    }
}
