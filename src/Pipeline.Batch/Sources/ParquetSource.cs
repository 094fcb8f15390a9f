using System.Globalization;
using Parquet;
using Parquet.Schema;
using Pipeline.Core.Features;
using Pipeline.Core.Models;
using Pipeline.Data.Contracts;

namespace Pipeline.Batch.Sources;

/// <summary>Parquet input read one row group at a time; its schema is checked against the contract before any row is scored.</summary>
internal sealed partial class ParquetSource : IBatchSource
{
    private readonly FileStream _stream;
    private readonly ParquetReader _reader;
    private readonly FeatureMapping _mapping;
    private Dictionary<string, DataField> _fields;
    private readonly string? _key;
    private int _group;

    private ParquetSource(FileStream stream, ParquetReader reader, FeatureMapping mapping, Dictionary<string, DataField> fields, string? key)
    {
        _stream = stream;
        _reader = reader;
        _mapping = mapping;
        _fields = fields;
        _key = key;
    }

    public static ParquetSource Open(string path, DataContract contract, FeatureMapping mapping, string? key)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"input {path} does not exist", path);
        var stream = File.OpenRead(path);
        try
        {
            var reader = ParquetReader.CreateAsync(stream, ParquetIo.Options).GetAwaiter().GetResult();
            var fields = reader.Schema.GetDataFields().ToDictionary(f => f.Name, StringComparer.Ordinal);
            var errors = new List<string>();
            foreach (var column in mapping.AllColumns.Concat(key is null ? [] : [key]).Distinct())
            {
                var declared = contract.Column(column);
                if (!fields.TryGetValue(column, out var field))
                    errors.Add($"column {column} is missing (contract {contract.Id} declares it {declared?.Type.ToString().ToLowerInvariant() ?? "?"})");
                else if (declared is not null && mapping.Numeric.Contains(column) && !IsNumeric(field.ClrType))
                    errors.Add($"column {column} is {field.ClrType?.Name ?? "?"}, but contract {contract.Id} declares it {declared.Type.ToString().ToLowerInvariant()} (a number or bool is required)");
            }
            if (errors.Count > 0)
                throw new InvalidDataException($"{path} does not match contract {contract.Id}: {string.Join("; ", errors)}. " +
                                               $"Its columns are: {string.Join(", ", fields.Keys)}. Write the Parquet file with the contract's column names and types.");
            return new ParquetSource(stream, reader, mapping, fields, key);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    private static bool IsNumeric(Type? t) =>
        t == typeof(float) || t == typeof(double) || t == typeof(int) || t == typeof(long) || t == typeof(short) || t == typeof(bool);

    public double Fraction => _reader.RowGroupCount == 0 ? 1 : (double)_group / _reader.RowGroupCount;

    public bool TryRead(out SourceChunk chunk)
    {
        chunk = null!;
        while (_group < _reader.RowGroupCount)
        {
            // A fresh reader per row group (the footer is read again, a few KB): whatever a reader keeps of the groups it has
            // read goes with it, so memory does not grow with the number of row groups.
            var reader = ParquetReader.CreateAsync(_stream, ParquetIo.Options, leaveStreamOpen: true).GetAwaiter().GetResult();
            try
            {
                _fields = reader.Schema.GetDataFields().ToDictionary(f => f.Name, StringComparer.Ordinal);
                using var group = reader.OpenRowGroupReader(_group++);
                var rows = checked((int)group.RowCount);
                if (rows == 0) continue;
                var batch = new FeatureBatch(rows);
                foreach (var c in _mapping.Numeric) batch.WithNumeric(c, Numbers(group, c, rows));
                foreach (var c in _mapping.Categorical) batch.WithCategorical(c, Categories(group, c, rows));
                chunk = new SourceChunk(batch, _key is null ? null : Keys(group, _key, rows));
                return true;
            }
            finally
            {
                reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }
        return false;
    }

    private float[] Numbers(ParquetRowGroupReader group, string column, int rows)
    {
        var field = _fields[column];
        var t = field.ClrType;
        if (t == typeof(float)) return Read<float>(group, field, rows, v => v);
        if (t == typeof(double)) return Read<double>(group, field, rows, v => (float)v);
        if (t == typeof(int)) return Read<int>(group, field, rows, v => v);
        if (t == typeof(long)) return Read<long>(group, field, rows, v => v);
        if (t == typeof(short)) return Read<short>(group, field, rows, v => v);
        if (t == typeof(bool)) return Read<bool>(group, field, rows, v => v ? 1 : 0);
        throw new InvalidDataException($"column {column} is {t.Name}; a number or bool is required");
    }

    private static float[] Read<T>(ParquetRowGroupReader group, DataField field, int rows, Func<T, float> convert) where T : struct
    {
        var result = new float[rows];
        if (typeof(T) == typeof(float) && !field.IsNullable)
        {
            // The common case decodes straight into the feature column: no second buffer, no per-value call.
            group.ReadAsync<float>(field, result.AsMemory()).AsTask().GetAwaiter().GetResult();
            return result;
        }
        if (field.IsNullable)
        {
            var values = new T?[rows];
            group.ReadAsync<T>(field, values.AsMemory()).AsTask().GetAwaiter().GetResult();
            for (var i = 0; i < rows; i++) result[i] = values[i] is { } v ? convert(v) : float.NaN;
        }
        else
        {
            var values = new T[rows];
            group.ReadAsync<T>(field, values.AsMemory()).AsTask().GetAwaiter().GetResult();
            for (var i = 0; i < rows; i++) result[i] = convert(values[i]);
        }
        return result;
    }

    public void Dispose()
    {
        _reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _stream.Dispose();
    }
}
