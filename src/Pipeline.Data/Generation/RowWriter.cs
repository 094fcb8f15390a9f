using System.Buffers.Text;
using System.Text;

namespace Pipeline.Data.Generation;

/// <summary>Writes generated rows as CSV or JSON Lines into a growable byte buffer without per-value allocation.</summary>
internal sealed class RowWriter(bool json, string[] columns)
{
    private readonly byte[][] _keys = columns.Select(c => Encoding.UTF8.GetBytes($"\"{c}\":")).ToArray();
    private byte[] _buffer = new byte[1 << 20];
    private int _column;

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, Length);

    public void Clear() => Length = 0;

    public void BeginRow()
    {
        _column = 0;
        Ensure(4096);
        if (json) _buffer[Length++] = (byte)'{';
    }

    public void EndRow()
    {
        if (json) _buffer[Length++] = (byte)'}';
        _buffer[Length++] = (byte)'\n';
    }

    private Span<byte> Next()
    {
        if (_column > 0) _buffer[Length++] = (byte)',';
        if (json)
        {
            _keys[_column].CopyTo(_buffer.AsSpan(Length));
            Length += _keys[_column].Length;
        }
        _column++;
        return _buffer.AsSpan(Length);
    }

    public void Null()
    {
        Next();
        if (json) { "null"u8.CopyTo(_buffer.AsSpan(Length)); Length += 4; }
    }

    public void Text(string value)
    {
        var span = Next();
        var at = 0;
        if (json) span[at++] = (byte)'"';
        at += Encoding.UTF8.GetBytes(value, span[at..]);
        if (json) span[at++] = (byte)'"';
        Length += at;
    }

    public void Id(char prefix, long number, int digits)
    {
        var span = Next();
        var at = 0;
        if (json) span[at++] = (byte)'"';
        span[at++] = (byte)prefix;
        Utf8Formatter.TryFormat(number, span[at..], out var n, new System.Buffers.StandardFormat('D', (byte)digits));
        at += n;
        if (json) span[at++] = (byte)'"';
        Length += at;
    }

    public void Int(long value)
    {
        Utf8Formatter.TryFormat(value, Next(), out var n);
        Length += n;
    }

    /// <summary>Fixed two decimals, written from integer cents (exact and far faster than double formatting).</summary>
    public void Money(double value) => Fixed(value, 100, 2);

    public void Fixed(double value, long scale, int decimals)
    {
        var span = Next();
        var units = (long)Math.Round(value * scale);
        var at = 0;
        if (units < 0) { span[at++] = (byte)'-'; units = -units; }
        Utf8Formatter.TryFormat(units / scale, span[at..], out var n);
        at += n;
        span[at++] = (byte)'.';
        Utf8Formatter.TryFormat(units % scale, span[at..], out n, new System.Buffers.StandardFormat('D', (byte)decimals));
        at += n;
        Length += at;
    }

    public void Bool(bool value)
    {
        var span = Next();
        var text = value ? "true"u8 : "false"u8;
        text.CopyTo(span);
        Length += text.Length;
    }

    /// <summary>ISO-8601 UTC with a Z suffix, e.g. <c>2026-10-05T13:45:12Z</c>.</summary>
    public void Timestamp(DateTime utc)
    {
        var span = Next();
        var at = 0;
        if (json) span[at++] = (byte)'"';
        utc.TryFormat(span[at..], out var n, "yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        at += n;
        if (json) span[at++] = (byte)'"';
        Length += at;
    }

    private void Ensure(int extra)
    {
        if (_buffer.Length - Length < extra) Array.Resize(ref _buffer, _buffer.Length * 2);
    }
}
