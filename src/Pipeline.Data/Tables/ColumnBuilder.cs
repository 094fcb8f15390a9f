using System.Text;
using Pipeline.Data.Contracts;
using Pipeline.Data.Reading;

namespace Pipeline.Data.Tables;

/// <summary>Accumulates one column's parsed values while a table loads; category values are interned.</summary>
internal sealed class ColumnBuilder(ColumnContract column)
{
    private readonly List<float> _numbers = [];
    private readonly List<string?> _text = [];
    private readonly List<double> _seconds = [];
    private readonly Dictionary<string, string> _intern = new(StringComparer.Ordinal);

    private bool IsText => column.Type is ColumnType.String or ColumnType.Category;

    public void AddNull()
    {
        if (IsText) _text.Add(null);
        else _numbers.Add(float.NaN);
        if (column.Type == ColumnType.Timestamp) { _seconds.Add(double.NaN); _text.Add(null); }
    }

    public void Add(ReadOnlySpan<byte> value)
    {
        switch (column.Type)
        {
            case ColumnType.Int or ColumnType.Float:
                _numbers.Add(Utf8Values.TryParseDouble(value, out var d) ? (float)d : float.NaN);
                break;
            case ColumnType.Bool:
                _numbers.Add(Utf8Values.TryParseBool(value, out var b) ? (b ? 1f : 0f) : float.NaN);
                break;
            case ColumnType.Timestamp:
                var ok = Utf8Values.TryParseTimestamp(value, column.Format, out var s);
                _seconds.Add(ok ? s : double.NaN);
                _numbers.Add(ok ? (float)s : float.NaN);
                _text.Add(Encoding.UTF8.GetString(value));
                break;
            case ColumnType.Category:
                _text.Add(Intern(value));
                break;
            default:
                _text.Add(Encoding.UTF8.GetString(value));
                break;
        }
    }

    private string Intern(ReadOnlySpan<byte> value)
    {
        Span<char> chars = stackalloc char[256];
        if (value.Length > 256 || !Encoding.UTF8.TryGetChars(value, chars, out var n)) return Encoding.UTF8.GetString(value);
        var lookup = _intern.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(chars[..n], out var existing)) return existing;
        var s = new string(chars[..n]);
        if (_intern.Count < 100_000) _intern[s] = s;
        return s;
    }

    public void Complete(Dictionary<string, float[]> numeric, Dictionary<string, string?[]> text, Dictionary<string, double[]> seconds)
    {
        if (_numbers.Count > 0 || !IsText) numeric[column.Name] = _numbers.ToArray();
        if (IsText || column.Type == ColumnType.Timestamp) text[column.Name] = _text.ToArray();
        if (column.Type == ColumnType.Timestamp) seconds[column.Name] = _seconds.ToArray();
    }
}
