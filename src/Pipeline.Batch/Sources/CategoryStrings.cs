namespace Pipeline.Batch.Sources;

/// <summary>
/// One string instance per distinct category of a column: a category column has few distinct values, so a chunk's values are
/// looked up by their characters instead of each becoming a new string. Past
/// <see cref="MaxDistinct"/> values (an id-like column) new values are no longer kept, so the cache stays bounded.
/// </summary>
internal sealed class CategoryStrings
{
    public const int MaxDistinct = 1 << 16;

    private readonly Dictionary<string, string> _known = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public CategoryStrings() => _lookup = _known.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The shared string of a value given as UTF-8 (decoded on the stack for a category-sized value).</summary>
    public string Get(ReadOnlySpan<byte> utf8)
    {
        var most = System.Text.Encoding.UTF8.GetMaxCharCount(utf8.Length);
        Span<char> chars = most <= 256 ? stackalloc char[most] : new char[most];
        return Get(chars[..System.Text.Encoding.UTF8.GetChars(utf8, chars)]);
    }

    public string Get(ReadOnlySpan<char> value)
    {
        if (_lookup.TryGetValue(value, out var known)) return known;
        var made = value.ToString();
        if (_known.Count < MaxDistinct) _known[made] = made;
        return made;
    }
}
