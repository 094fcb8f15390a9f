namespace Pipeline.Data.Reading;

/// <summary>Field positions of the current record; unescaped values live in a reusable scratch buffer.</summary>
internal sealed class RecordFields
{
    private int[] _start;
    private int[] _length;
    private byte[] _flags;
    private byte[] _scratch = new byte[4096];
    private int _scratchUsed;

    private const byte InScratch = 1;
    private const byte Null = 2;

    public RecordFields(int capacity)
    {
        _start = new int[capacity];
        _length = new int[capacity];
        _flags = new byte[capacity];
    }

    public int Capacity => _start.Length;

    /// <summary>Number of fields in the record (may exceed <see cref="Capacity"/> for ragged rows; extras are not stored).</summary>
    public int Count { get; set; }

    /// <summary>Set when quoting is broken (text after a closing quote) or a JSON line does not parse.</summary>
    public string? Malformed { get; set; }

    public void Reset(int count = 0)
    {
        Count = count;
        Malformed = null;
        _scratchUsed = 0;
        if (count > 0)
        {
            _flags.AsSpan(0, Math.Min(count, _flags.Length)).Fill(Null);
            _length.AsSpan(0, Math.Min(count, _length.Length)).Clear();
        }
    }

    public void Set(int i, int start, int length)
    {
        if ((uint)i >= (uint)_start.Length) return;
        _start[i] = start;
        _length[i] = length;
        _flags[i] = 0;
    }

    public void SetNull(int i)
    {
        if ((uint)i >= (uint)_start.Length) return;
        _length[i] = 0;
        _flags[i] = Null;
    }

    /// <summary>Reserves scratch space for an unescaped value of at most <paramref name="maxLength"/> bytes.</summary>
    public Span<byte> BeginScratch(int maxLength)
    {
        if (_scratch.Length - _scratchUsed < maxLength)
            Array.Resize(ref _scratch, Math.Max(_scratch.Length * 2, _scratchUsed + maxLength));
        return _scratch.AsSpan(_scratchUsed, maxLength);
    }

    public void EndScratch(int i, int written)
    {
        if ((uint)i < (uint)_start.Length)
        {
            _start[i] = _scratchUsed;
            _length[i] = written;
            _flags[i] = InScratch;
        }
        _scratchUsed += written;
    }

    public bool IsNull(int i) => (_flags[i] & Null) != 0;

    public int LengthOf(int i) => _length[i];

    public ReadOnlySpan<byte> Get(int i, ReadOnlySpan<byte> record) =>
        (_flags[i] & InScratch) != 0 ? _scratch.AsSpan(_start[i], _length[i]) : record.Slice(_start[i], _length[i]);
}
