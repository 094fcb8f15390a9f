namespace Pipeline.Data.Reading;

/// <summary>Splits one CSV record (RFC 4180: comma separated, double-quoted fields with "" escapes and embedded newlines) into fields.</summary>
internal static class CsvFieldSplitter
{
    /// <summary>Fills <paramref name="fields"/>; an unquoted empty field is null, a quoted empty field is an empty string.</summary>
    public static void Split(ReadOnlySpan<byte> record, RecordFields fields)
    {
        if (record.Length > 0 && record[^1] == (byte)'\r') record = record[..^1];
        fields.Reset();
        var count = 0;
        var pos = 0;
        while (true)
        {
            int next;
            if (pos < record.Length && record[pos] == (byte)'"')
            {
                next = Quoted(record, pos, count, fields);
                if (next < 0) { fields.Count = count + 1; return; }
            }
            else
            {
                var i = record[pos..].IndexOf((byte)',');
                var end = i < 0 ? record.Length : pos + i;
                if (end == pos) fields.SetNull(count); else fields.Set(count, pos, end - pos);
                next = end;
            }
            count++;
            if (next >= record.Length) break;
            pos = next + 1;
            if (pos == record.Length)
            {
                fields.SetNull(count);
                count++;
                break;
            }
        }
        fields.Count = count;
    }

    /// <summary>Parses a quoted field starting at <paramref name="pos"/>; returns the index after it (a comma or the end), or -1 if malformed.</summary>
    private static int Quoted(ReadOnlySpan<byte> record, int pos, int index, RecordFields fields)
    {
        var start = pos + 1;
        var rest = record[start..];
        var close = rest.IndexOf((byte)'"');
        if (close < 0)
        {
            fields.Malformed = "a quoted field has no closing quote";
            return -1;
        }
        if (close + 1 >= rest.Length || rest[close + 1] != (byte)'"')
        {
            // No escaped quotes: the value is a plain slice.
            fields.Set(index, start, close);
            return After(record, start + close + 1, fields);
        }
        var scratch = fields.BeginScratch(rest.Length);
        var written = 0;
        var p = 0;
        while (true)
        {
            var q = rest[p..].IndexOf((byte)'"');
            if (q < 0)
            {
                fields.Malformed = "a quoted field has no closing quote";
                fields.EndScratch(index, written);
                return -1;
            }
            rest.Slice(p, q).CopyTo(scratch[written..]);
            written += q;
            p += q + 1;
            if (p < rest.Length && rest[p] == (byte)'"')
            {
                scratch[written++] = (byte)'"';
                p++;
                continue;
            }
            break;
        }
        fields.EndScratch(index, written);
        return After(record, start + p, fields);
    }

    private static int After(ReadOnlySpan<byte> record, int pos, RecordFields fields)
    {
        if (pos >= record.Length || record[pos] == (byte)',') return pos;
        fields.Malformed = "text follows a closing quote (a quote inside a field must be doubled: \"\")";
        var i = record[pos..].IndexOf((byte)',');
        return i < 0 ? record.Length : pos + i;
    }
}
