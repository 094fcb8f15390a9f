using System.Globalization;
using System.Text;
using System.Text.Json;
using Pipeline.Core.Features;
using Pipeline.Protocol.Rest;

namespace Pipeline.Protocol.V1;

/// <summary>
/// Reads a V1 <c>{"instances": [{column: value, …}, …]}</c> body into the rows of a fixed set of columns; extra fields in a row are
/// ignored. Well-formed bodies take one forward pass with <see cref="Utf8JsonReader"/>, writing values straight into column arrays
/// (<see cref="TryReadFast"/>): it answers only "these are the rows" or "not sure", and anything unusual (a wrong type, a missing
/// column, too many rows, invalid JSON) is read again with <see cref="JsonDocument"/> to list every problem. So the common request
/// costs one pass and no document, and the error wording lives in one place. One instance per served model (it caches categories).
/// </summary>
public sealed partial class InstancesReader
{
    private static readonly byte[] Instances = "instances"u8.ToArray();

    private readonly byte[][] _names;
    private readonly bool[] _categorical;
    private readonly string[] _columnNames;
    private readonly CategoryCache[] _categories;
    private readonly ulong _allSeen;

    /// <param name="columns">The columns each row must give (categorical ones as strings), in the order rows usually list them.</param>
    public InstancesReader(IReadOnlyList<InstanceColumn> columns)
    {
        Columns = columns;
        _columnNames = columns.Select(c => c.Name).ToArray();
        _names = _columnNames.Select(Encoding.UTF8.GetBytes).ToArray();
        _categorical = columns.Select(c => c.Categorical).ToArray();
        _categories = columns.Select(_ => new CategoryCache()).ToArray();
        _allSeen = _names.Length >= 64 ? ulong.MaxValue : (1UL << _names.Length) - 1;
        Usable = _names.Length is > 0 and <= 64;
    }

    public IReadOnlyList<InstanceColumn> Columns { get; }

    private bool Usable { get; }

    /// <summary>The rows of a body (1..<paramref name="maxRows"/>), or every problem with it.</summary>
    public Decoded<FeatureBatch> Read(ReadOnlyMemory<byte> body, int maxRows) =>
        TryReadFast(body.Span, maxRows) is { } rows ? new Decoded<FeatureBatch> { Value = rows } : ReadDocument(body, maxRows);

    /// <summary>The rows of a well-formed body with 1..<paramref name="maxRows"/> complete rows; null when anything needs an explanation.</summary>
    public FeatureBatch? TryReadFast(ReadOnlySpan<byte> body, int maxRows)
    {
        if (!Usable) return null;
        try
        {
            return ReadFast(body, maxRows);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private FeatureBatch? ReadFast(ReadOnlySpan<byte> body, int maxRows)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
        RowColumns? columns = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!reader.ValueTextEquals(Instances))
            {
                reader.Read();
                reader.Skip();
                continue;
            }
            if (columns is not null) return null;           // "instances" twice: let the document reader decide
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray) return null;
            columns = ReadRows(ref reader, maxRows);
            if (columns is null) return null;
        }
        if (reader.TokenType != JsonTokenType.EndObject || reader.Read() || columns is null || columns.Rows == 0) return null;
        return columns.ToBatch(_columnNames, _categorical);
    }

    private RowColumns? ReadRows(ref Utf8JsonReader reader, int maxRows)
    {
        var columns = new RowColumns(_names.Length);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndArray) return columns;
            if (reader.TokenType != JsonTokenType.StartObject || columns.Rows >= maxRows) return null;
            var row = columns.AddRow();
            var seen = 0UL;
            var hint = 0;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var column = Find(ref reader, hint);
                reader.Read();
                if (column < 0)
                {
                    reader.Skip();
                    continue;
                }
                hint = column + 1;
                seen |= 1UL << column;
                if (_categorical[column])
                {
                    if (!TryCategory(ref reader, column, out var text)) return null;
                    columns.Categorical(column)[row] = text;
                }
                else
                {
                    if (!TryNumber(ref reader, out var value)) return null;
                    columns.Numeric(column)[row] = value;
                }
            }
            if (reader.TokenType != JsonTokenType.EndObject || seen != _allSeen) return null;
        }
        return null;
    }

    /// <summary>Index of the column named by the current property; rows usually list columns in the same order, so the next one is tried first.</summary>
    private int Find(ref Utf8JsonReader reader, int hint)
    {
        if (hint < _names.Length && reader.ValueTextEquals(_names[hint])) return hint;
        for (var i = 0; i < _names.Length; i++)
            if (i != hint && reader.ValueTextEquals(_names[i])) return i;
        return -1;
    }

    private static bool TryNumber(ref Utf8JsonReader reader, out float value)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number when reader.TryGetDouble(out var d) && Math.Abs(d) <= float.MaxValue:
                value = (float)d; return true;
            case JsonTokenType.True: value = 1; return true;
            case JsonTokenType.False: value = 0; return true;
            case JsonTokenType.Null: value = float.NaN; return true;
            default: value = float.NaN; return false;
        }
    }

    private bool TryCategory(ref Utf8JsonReader reader, int column, out string? value)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                value = reader.ValueIsEscaped || reader.HasValueSequence ? reader.GetString() : _categories[column].Get(reader.ValueSpan);
                return true;
            case JsonTokenType.True: value = "true"; return true;
            case JsonTokenType.False: value = "false"; return true;
            case JsonTokenType.Number when reader.TryGetInt64(out var n): value = n.ToString(CultureInfo.InvariantCulture); return true;
            case JsonTokenType.Null: value = null; return true;
            default: value = null; return false;
        }
    }

    /// <summary>Column buffers that grow with the rows read, trimmed to size at the end.</summary>
    private sealed class RowColumns(int width)
    {
        private readonly float[]?[] _numeric = new float[]?[width];
        private readonly string?[]?[] _categorical = new string?[]?[width];
        private int _capacity = 1;

        public int Rows { get; private set; }

        public int AddRow()
        {
            if (Rows == _capacity)
            {
                _capacity *= 4;
                for (var i = 0; i < width; i++)
                {
                    if (_numeric[i] is { } n) Array.Resize(ref _numeric[i], _capacity);
                    if (_categorical[i] is { } c) Array.Resize(ref _categorical[i], _capacity);
                }
            }
            return Rows++;
        }

        public float[] Numeric(int column) => _numeric[column] ??= new float[_capacity];

        public string?[] Categorical(int column) => _categorical[column] ??= new string?[_capacity];

        public FeatureBatch ToBatch(string[] names, bool[] categorical)
        {
            var numeric = 0;
            foreach (var c in categorical) numeric += c ? 0 : 1;
            var batch = new FeatureBatch(Rows, numeric, width - numeric);
            for (var i = 0; i < width; i++)
            {
                if (categorical[i]) batch.Categorical[names[i]] = Trim(_categorical[i]!);
                else batch.Numeric[names[i]] = Trim(_numeric[i]!);
            }
            return batch;
        }

        private T[] Trim<T>(T[] values)
        {
            if (values.Length == Rows) return values;
            Array.Resize(ref values, Rows);
            return values;
        }
    }

    /// <summary>The strings of a categorical column seen so far (up to a cap), so a repeated category is not allocated again per request.</summary>
    private sealed class CategoryCache
    {
        private const int Cap = 64;
        private volatile Entry[] _entries = [];

        public string Get(ReadOnlySpan<byte> utf8)
        {
            var entries = _entries;
            foreach (var e in entries)
                if (utf8.SequenceEqual(e.Utf8)) return e.Text;
            var text = Encoding.UTF8.GetString(utf8);
            if (entries.Length < Cap) _entries = [.. entries, new Entry(utf8.ToArray(), text)];   // a lost race only loses a cache entry
            return text;
        }

        private sealed record Entry(byte[] Utf8, string Text);
    }
}
