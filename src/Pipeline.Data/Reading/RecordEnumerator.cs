namespace Pipeline.Data.Reading;

/// <summary>Walks the records of a chunk: newline-separated, except that newlines inside double quotes belong to the field.</summary>
internal ref struct RecordEnumerator(ReadOnlySpan<byte> chunk, bool quoteAware)
{
    private readonly ReadOnlySpan<byte> _chunk = chunk;
    private int _pos;

    public bool MoveNext(out ReadOnlySpan<byte> record)
    {
        if (_pos >= _chunk.Length)
        {
            record = default;
            return false;
        }
        var rest = _chunk[_pos..];
        int end;
        if (!quoteAware)
        {
            end = rest.IndexOf((byte)'\n');
        }
        else
        {
            end = -1;
            var inQuote = false;
            var p = 0;
            while (p < rest.Length)
            {
                var i = rest[p..].IndexOfAny((byte)'"', (byte)'\n');
                if (i < 0) break;
                p += i;
                if (rest[p] == (byte)'"') inQuote = !inQuote;
                else if (!inQuote) { end = p; break; }
                p++;
            }
        }
        if (end < 0)
        {
            record = rest;
            _pos = _chunk.Length;
        }
        else
        {
            record = rest[..end];
            _pos += end + 1;
        }
        return true;
    }
}
