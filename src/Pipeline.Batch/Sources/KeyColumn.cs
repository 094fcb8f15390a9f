namespace Pipeline.Batch.Sources;

/// <summary>
/// The key of each row of a chunk as characters in one buffer, with no object per row: a chunk's keys live through every stage
/// of the pipeline, and a few large arrays cost the garbage collector nothing where a quarter-million small ones would be
/// promoted and marked again at every full collection.
/// </summary>
public sealed class KeyColumn
{
    private readonly char[] _chars;
    private readonly int[] _ends;
    private readonly bool[]? _missing;

    private KeyColumn(char[] chars, int[] ends, bool[]? missing)
    {
        _chars = chars;
        _ends = ends;
        _missing = missing;
    }

    /// <summary>Rows in the column.</summary>
    public int Count => _ends.Length;

    /// <summary>Characters of all keys together.</summary>
    public int TotalChars => _ends.Length == 0 ? 0 : _ends[^1];

    /// <summary>True when row <paramref name="row"/> has no key (null or missing in the input).</summary>
    public bool IsMissing(int row) => _missing is not null && _missing[row];

    /// <summary>The key of row <paramref name="row"/> (empty when it is missing).</summary>
    public ReadOnlyMemory<char> this[int row] => _chars.AsMemory(Start(row), _ends[row] - Start(row));

    private int Start(int row) => row == 0 ? 0 : _ends[row - 1];

    /// <summary>Rows from <paramref name="start"/> on, as a new column.</summary>
    public KeyColumn Slice(int start)
    {
        var builder = new Builder(Count - start, _ends[^1] - Start(start));
        for (var i = start; i < Count; i++)
            if (IsMissing(i)) builder.AddMissing();
            else builder.Add(this[i].Span);
        return builder.Build();
    }

    /// <summary>A column of the given keys (null for a missing key).</summary>
    public static KeyColumn Of(IReadOnlyList<string?> keys)
    {
        var builder = new Builder(keys.Count, keys.Sum(k => k?.Length ?? 0));
        foreach (var k in keys)
            if (k is null) builder.AddMissing();
            else builder.Add(k);
        return builder.Build();
    }

    /// <summary>Collects a chunk's keys in row order.</summary>
    public sealed class Builder(int rows, int charsHint)
    {
        private char[] _chars = new char[Math.Max(16, charsHint)];
        private readonly int[] _ends = new int[rows];
        private bool[]? _missing;
        private int _rows;
        private int _used;

        /// <summary>Appends the next row's key (its characters are copied).</summary>
        public void Add(ReadOnlySpan<char> key)
        {
            if (_used + key.Length > _chars.Length) Array.Resize(ref _chars, Math.Max(_chars.Length * 2, _used + key.Length));
            key.CopyTo(_chars.AsSpan(_used));
            _used += key.Length;
            _ends[_rows++] = _used;
        }

        /// <summary>Appends the next row's key given as UTF-8 (decoded into the column's buffer).</summary>
        public void AddUtf8(ReadOnlySpan<byte> key)
        {
            var most = System.Text.Encoding.UTF8.GetMaxCharCount(key.Length);
            if (_used + most > _chars.Length) Array.Resize(ref _chars, Math.Max(_chars.Length * 2, _used + most));
            _used += System.Text.Encoding.UTF8.GetChars(key, _chars.AsSpan(_used));
            _ends[_rows++] = _used;
        }

        /// <summary>Appends a row without a key.</summary>
        public void AddMissing()
        {
            (_missing ??= new bool[_ends.Length])[_rows] = true;
            _ends[_rows++] = _used;
        }

        /// <summary>The column, once every row has been added.</summary>
        public KeyColumn Build() =>
            _rows == _ends.Length ? new KeyColumn(_chars, _ends, _missing)
                : throw new InvalidOperationException($"key column has {_rows} of its {_ends.Length} rows");
    }
}
