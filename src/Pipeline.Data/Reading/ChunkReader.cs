using System.Buffers;

namespace Pipeline.Data.Reading;

/// <summary>
/// Cuts a byte stream into chunks that end on record boundaries (a newline outside double quotes), counting records so
/// every chunk knows its first row number before any worker parses it. Memory stays bounded: a record longer than
/// <c>maxRecordBytes</c> is skipped while streaming and reported, not buffered.
/// </summary>
internal sealed class ChunkReader(Stream stream, bool quoteAware, int chunkBytes = ChunkReader.DefaultChunkBytes, int maxRecordBytes = ChunkReader.DefaultMaxRecordBytes)
{
    public const int DefaultChunkBytes = 4 << 20;
    public const int DefaultMaxRecordBytes = 4 << 20;

    private byte[] _carry = [];
    private int _carryLength;
    private bool _eof;
    private long _nextRow = 1;
    private bool _atStart = true;

    public List<OversizedRecord> Oversized { get; } = [];

    public long BytesRead { get; private set; }

    /// <summary>True when the stream started with a UTF-8 byte order mark (skipped).</summary>
    public bool HadBom { get; private set; }

    /// <summary>Rows handed out or skipped so far.</summary>
    public long Rows => _nextRow - 1;

    /// <summary>Reads the first record (the CSV header) into its own array; null when the stream is empty.</summary>
    public byte[]? ReadFirstRecord()
    {
        if (!TryNext(out var chunk, singleRecord: true)) return null;
        var bytes = chunk.Span.ToArray();
        chunk.Return();
        _nextRow = 1;
        return bytes;
    }

    public bool TryNext(out Chunk chunk) => TryNext(out chunk, singleRecord: false);

    private bool TryNext(out Chunk chunk, bool singleRecord)
    {
        chunk = null!;
        var size = Math.Max(chunkBytes, _carryLength * 2);
        while (true)
        {
            if (_eof && _carryLength == 0) return false;
            var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(size, _carryLength + 4096));
            _carry.AsSpan(0, _carryLength).CopyTo(buffer);
            var filled = _carryLength;
            while (!_eof && filled < buffer.Length)
            {
                var n = stream.Read(buffer, filled, buffer.Length - filled);
                if (n == 0) _eof = true;
                filled += n;
                BytesRead += n;
                if (singleRecord && buffer.AsSpan(0, filled).IndexOf((byte)'\n') >= 0 && !quoteAware) break;
                if (singleRecord && filled >= 64 * 1024) break;
            }
            if (_atStart && filled >= 3)
            {
                _atStart = false;
                if (buffer.AsSpan(0, 3).SequenceEqual("\uFEFF"u8))
                {
                    buffer.AsSpan(3, filled - 3).CopyTo(buffer);
                    filled -= 3;
                    HadBom = true;
                }
            }
            var span = buffer.AsSpan(0, filled);
            var (end, records, hasQuotes, endsInQuote) = LastBoundary(span, singleRecord);
            if (end > 0)
            {
                SetCarry(span[end..]);
                chunk = new Chunk(buffer, end, _nextRow, records, hasQuotes);
                _nextRow += records;
                return true;
            }
            if (_eof)
            {
                // Last record without a trailing newline (or an unterminated quoted field).
                SetCarry([]);
                if (filled == 0) { ArrayPool<byte>.Shared.Return(buffer); return false; }
                if (endsInQuote)
                {
                    Oversized.Add(new OversizedRecord(_nextRow++, filled, Unterminated: true));
                    ArrayPool<byte>.Shared.Return(buffer);
                    return false;
                }
                chunk = new Chunk(buffer, filled, _nextRow, 1, hasQuotes);
                _nextRow += 1;
                return true;
            }
            if (filled >= maxRecordBytes)
            {
                SkipOversized(span, endsInQuote);
                ArrayPool<byte>.Shared.Return(buffer);
                size = chunkBytes;
                continue;
            }
            // One record longer than the buffer: keep it and read a bigger buffer.
            SetCarry(span);
            ArrayPool<byte>.Shared.Return(buffer);
            size = Math.Min(maxRecordBytes, size * 2);
        }
    }

    private void SetCarry(ReadOnlySpan<byte> rest)
    {
        if (_carry.Length < rest.Length) _carry = new byte[Math.Max(rest.Length, 64 * 1024)];
        rest.CopyTo(_carry);
        _carryLength = rest.Length;
        if (_carryLength == 0 && _carry.Length > 1 << 20) _carry = [];
    }

    /// <summary>Streams past the rest of an oversized record, tracking quotes, without keeping its bytes.</summary>
    private void SkipOversized(ReadOnlySpan<byte> seen, bool inQuote)
    {
        long skipped = seen.Length;
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            while (true)
            {
                var n = stream.Read(buffer, 0, buffer.Length);
                BytesRead += n;
                if (n == 0)
                {
                    _eof = true;
                    Oversized.Add(new OversizedRecord(_nextRow++, skipped, inQuote));
                    SetCarry([]);
                    return;
                }
                var span = buffer.AsSpan(0, n);
                var pos = 0;
                while (pos < span.Length)
                {
                    var i = quoteAware ? span[pos..].IndexOfAny((byte)'"', (byte)'\n') : span[pos..].IndexOf((byte)'\n');
                    if (i < 0) break;
                    pos += i;
                    if (span[pos] == (byte)'"') { inQuote = !inQuote; pos++; continue; }
                    if (!inQuote)
                    {
                        Oversized.Add(new OversizedRecord(_nextRow++, skipped + pos + 1, false));
                        SetCarry(span[(pos + 1)..]);
                        return;
                    }
                    pos++;
                }
                skipped += n;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>End (exclusive) of the last complete record in <paramref name="span"/>, the number of records before it, and quote state.</summary>
    private (int End, int Records, bool HasQuotes, bool EndsInQuote) LastBoundary(ReadOnlySpan<byte> span, bool singleRecord)
    {
        if (!quoteAware || !span.Contains((byte)'"'))
        {
            if (singleRecord)
            {
                var first = span.IndexOf((byte)'\n');
                return (first + 1, first >= 0 ? 1 : 0, false, false);
            }
            var last = span.LastIndexOf((byte)'\n');
            return last < 0 ? (0, 0, false, false) : (last + 1, span[..(last + 1)].Count((byte)'\n'), false, false);
        }
        var inQuote = false;
        var end = 0;
        var records = 0;
        var pos = 0;
        while (pos < span.Length)
        {
            var i = span[pos..].IndexOfAny((byte)'"', (byte)'\n');
            if (i < 0) break;
            pos += i;
            if (span[pos] == (byte)'"') inQuote = !inQuote;
            else if (!inQuote)
            {
                end = pos + 1;
                records++;
                if (singleRecord) break;
            }
            pos++;
        }
        return (end, records, true, inQuote);
    }
}
