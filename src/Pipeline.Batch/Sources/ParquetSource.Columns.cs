using System.Buffers;
using System.Globalization;
using ParquetSharp;

namespace Pipeline.Batch.Sources;

// Column decoding. Value buffers are rented and returned within the call; text values are slices of the reader's pages,
// valid only until its next ReadBatch, so each batch of them is turned into strings or copied before reading on.
internal sealed partial class ParquetSource
{
    private readonly Dictionary<string, CategoryStrings> _categories = new(StringComparer.Ordinal);

    private static float[] Numbers(RowGroupReader group, ParquetColumn column, int rows)
    {
        var result = new float[rows];
        using var reader = group.Column(column.Index);
        switch (column.Physical)
        {
            case PhysicalType.Float when !column.Nullable:
                // The common case decodes straight into the feature column: no second buffer, no per-value conversion.
                ReadRequired((ColumnReader<float>)reader, result, column, rows);
                break;
            case PhysicalType.Float: Convert((ColumnReader<float>)reader, column, result, static v => v, float.NaN); break;
            case PhysicalType.Double: Convert((ColumnReader<double>)reader, column, result, static v => (float)v, float.NaN); break;
            case PhysicalType.Int32: Convert((ColumnReader<int>)reader, column, result, static v => v, float.NaN); break;
            case PhysicalType.Int64: Convert((ColumnReader<long>)reader, column, result, static v => v, float.NaN); break;
            case PhysicalType.Boolean: Convert((ColumnReader<bool>)reader, column, result, static v => v ? 1 : 0, float.NaN); break;
            default: throw new InvalidDataException($"column {column.Index} is {column.TypeName}; a number or bool is required");
        }
        return result;
    }

    /// <summary>
    /// A numeric column as the text a CSV would hold: integers exactly (an id beyond float's 2^24 keeps every digit), floating
    /// point as the shortest text that reads back to the same value, bools "true"/"false"; a null is null.
    /// </summary>
    private static string?[] NumberTexts(RowGroupReader group, ParquetColumn column, int rows)
    {
        var result = new string?[rows];
        using var reader = group.Column(column.Index);
        switch (column.Physical)
        {
            case PhysicalType.Float: Convert((ColumnReader<float>)reader, column, result, static v => v.ToString(CultureInfo.InvariantCulture), null); break;
            case PhysicalType.Double: Convert((ColumnReader<double>)reader, column, result, static v => v.ToString(CultureInfo.InvariantCulture), null); break;
            case PhysicalType.Int32: Convert((ColumnReader<int>)reader, column, result, static v => v.ToString(CultureInfo.InvariantCulture), null); break;
            case PhysicalType.Int64: Convert((ColumnReader<long>)reader, column, result, static v => v.ToString(CultureInfo.InvariantCulture), null); break;
            case PhysicalType.Boolean: Convert((ColumnReader<bool>)reader, column, result, static v => v ? "true" : "false", null); break;
            default: throw new InvalidDataException($"column {column.Index} is {column.TypeName}; a number or bool is required");
        }
        return result;
    }

    /// <summary>Every row of a column converted; a null becomes <paramref name="missing"/> (NaN for a feature, as a missing CSV value).</summary>
    private static void Convert<T, TOut>(ColumnReader<T> reader, ParquetColumn column, TOut[] result, Func<T, TOut> convert, TOut missing) where T : unmanaged
    {
        var rows = result.Length;
        var values = ArrayPool<T>.Shared.Rent(rows);
        var levels = column.Nullable ? ArrayPool<short>.Shared.Rent(rows) : null;
        try
        {
            if (levels is null)
            {
                ReadRequired(reader, values, column, rows);
                for (var i = 0; i < rows; i++) result[i] = convert(values[i]);
                return;
            }
            var present = 0;
            for (var got = 0; got < rows;)
            {
                var n = (int)reader.ReadBatch(rows - got, levels.AsSpan(got, rows - got), default, values.AsSpan(present), out var read);
                present += (int)read;
                got += n > 0 ? n : throw EndsEarly(column, got, rows);
            }
            for (int i = 0, v = 0; i < rows; i++) result[i] = levels[i] > 0 ? convert(values[v++]) : missing;
        }
        finally
        {
            ArrayPool<T>.Shared.Return(values);
            if (levels is not null) ArrayPool<short>.Shared.Return(levels);
        }
    }

    private static void ReadRequired<T>(ColumnReader<T> reader, T[] into, ParquetColumn column, int rows) where T : unmanaged
    {
        for (var got = 0; got < rows;)
        {
            var n = (int)reader.ReadBatch(rows - got, into.AsSpan(got, rows - got), out _);
            got += n > 0 ? n : throw EndsEarly(column, got, rows);
        }
    }

    // Categories as text the way the CSV reader sees them: bools "true"/"false", numbers invariant.
    private string?[] Categories(RowGroupReader group, string name, int rows)
    {
        var column = _columns[name];
        if (column.Kind == ColumnKind.Text)
        {
            var text = new string?[rows];
            if (!_categories.TryGetValue(name, out var strings)) _categories[name] = strings = new CategoryStrings();
            ReadText(group, column, rows, (row, present, utf8) => text[row] = present ? strings.Get(utf8) : null);
            return text;
        }
        return NumberTexts(group, column, rows);
    }

    private static KeyColumn Keys(RowGroupReader group, ParquetColumn column, int rows)
    {
        if (column.Kind != ColumnKind.Text) return KeyColumn.Of(NumberTexts(group, column, rows));
        var keys = new KeyColumn.Builder(rows, 16 * rows);
        ReadText(group, column, rows, (_, present, utf8) =>
        {
            if (present) keys.AddUtf8(utf8);
            else keys.AddMissing();
        });
        return keys.Build();
    }

    private delegate void TextValue(int row, bool present, ReadOnlySpan<byte> utf8);

    /// <summary>Calls <paramref name="each"/> for every row in order with its UTF-8 value (empty and not present for a null).</summary>
    private static unsafe void ReadText(RowGroupReader group, ParquetColumn column, int rows, TextValue each)
    {
        using var reader = (ColumnReader<ByteArray>)group.Column(column.Index);
        var batch = Math.Min(rows, 16_384);
        var values = ArrayPool<ByteArray>.Shared.Rent(batch);
        var levels = ArrayPool<short>.Shared.Rent(batch);
        try
        {
            for (var got = 0; got < rows;)
            {
                var want = Math.Min(batch, rows - got);
                var n = column.Nullable
                    ? (int)reader.ReadBatch(want, levels.AsSpan(0, want), default, values.AsSpan(0, want), out _)
                    : (int)reader.ReadBatch(want, values.AsSpan(0, want), out _);
                if (n <= 0) throw EndsEarly(column, got, rows);
                for (int i = 0, v = 0; i < n; i++)
                {
                    if (column.Nullable && levels[i] == 0)
                    {
                        each(got + i, false, default);
                        continue;
                    }
                    var b = values[v++];
                    each(got + i, true, new ReadOnlySpan<byte>((void*)b.Pointer, b.Length));
                }
                got += n;
            }
        }
        finally
        {
            ArrayPool<ByteArray>.Shared.Return(values);
            ArrayPool<short>.Shared.Return(levels);
        }
    }

    private static InvalidDataException EndsEarly(ParquetColumn column, int got, int rows) =>
        new($"Parquet column {column.Index} ({column.TypeName}) ends after {got} of its row group's {rows} rows: the file is truncated or corrupt");
}
