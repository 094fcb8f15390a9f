using System.Globalization;
using Parquet;
using Parquet.Schema;

namespace Pipeline.Batch.Sources;

// Text columns are read raw (characters Parquet.Net decoded, no string per value): a category becomes one shared string per
// distinct value, keys are copied into one buffer per chunk (the decoded values die young).
internal sealed partial class ParquetSource
{
    private readonly Dictionary<string, CategoryStrings> _categories = new(StringComparer.Ordinal);
    private ReadOnlyMemory<char>[] _raw = [];
    private int[] _levels = [];

    // Categories as text the way the CSV reader sees them: bools "true"/"false", numbers invariant.
    private string?[] Categories(ParquetRowGroupReader group, string column, int rows)
    {
        var field = _fields[column];
        var text = new string?[rows];
        if (!IsNumeric(field.ClrType))
        {
            if (!_categories.TryGetValue(column, out var strings)) _categories[column] = strings = new CategoryStrings();
            var present = ReadRaw(group, field, rows);
            for (int i = 0, v = 0; i < rows; i++)
                text[i] = present is null || present[i] == field.MaxDefinitionLevel ? strings.Get(_raw[v++].Span) : null;
            Array.Clear(_raw, 0, rows);
            return text;
        }
        var numbers = Numbers(group, column, rows);
        var isBool = field.ClrType == typeof(bool);
        for (var i = 0; i < rows; i++)
            text[i] = float.IsNaN(numbers[i]) ? null : isBool ? (numbers[i] != 0 ? "true" : "false") : numbers[i].ToString(CultureInfo.InvariantCulture);
        return text;
    }

    private KeyColumn Keys(ParquetRowGroupReader group, string column, int rows)
    {
        var field = _fields[column];
        if (IsNumeric(field.ClrType))
        {
            var numbers = Numbers(group, column, rows);
            return KeyColumn.Of(numbers.Select(n => float.IsNaN(n) ? null : n.ToString(CultureInfo.InvariantCulture)).ToList());
        }
        var present = ReadRaw(group, field, rows);
        var keys = new KeyColumn.Builder(rows, 16 * rows);
        for (int i = 0, v = 0; i < rows; i++)
            if (present is null || present[i] == field.MaxDefinitionLevel) keys.Add(_raw[v++].Span);
            else keys.AddMissing();
        Array.Clear(_raw, 0, rows);
        return keys.Build();
    }

    /// <summary>The column's non-null values into <see cref="_raw"/>, in order; for a nullable column its definition levels (else null).</summary>
    private int[]? ReadRaw(ParquetRowGroupReader group, DataField field, int rows)
    {
        if (_raw.Length < rows) _raw = new ReadOnlyMemory<char>[rows];
        var nullable = field.MaxDefinitionLevel > 0;
        if (nullable && _levels.Length < rows) _levels = new int[rows];
        group.ReadRawAsync(field, _raw.AsMemory(0, rows), nullable ? _levels.AsMemory(0, rows) : null, null).AsTask().GetAwaiter().GetResult();
        return nullable ? _levels : null;
    }
}
