using Pipeline.Core.Features;
using Pipeline.Core.Models;
using Pipeline.Data.Contracts;
using ParquetSharp;

namespace Pipeline.Batch.Sources;

/// <summary>
/// Parquet input read one row group at a time by Apache Arrow's C++ reader (ParquetSharp); its schema is checked against the
/// contract before any row is scored. Numbers decode straight into the feature columns; text is read as UTF-8 slices of the
/// reader's pages, a category becoming one shared string per distinct value and keys being copied into one buffer per chunk.
/// </summary>
internal sealed partial class ParquetSource : IBatchSource
{
    private readonly ParquetFileReader _reader;
    private readonly FeatureMapping _mapping;
    private readonly Dictionary<string, ParquetColumn> _columns;
    private readonly string? _key;
    private readonly int _groups;
    private int _group;

    private ParquetSource(ParquetFileReader reader, FeatureMapping mapping, Dictionary<string, ParquetColumn> columns, string? key)
    {
        _reader = reader;
        _mapping = mapping;
        _columns = columns;
        _key = key;
        _groups = reader.FileMetaData.NumRowGroups;
    }

    public static ParquetSource Open(string path, DataContract contract, FeatureMapping mapping, string? key)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"input {path} does not exist", path);
        ParquetFileReader reader;
        try
        {
            reader = new ParquetFileReader(path);
        }
        catch (ParquetException e)
        {
            throw new InvalidDataException($"{path} is not a readable Parquet file ({ArrowMessage(e)}). Write it with a Parquet writer, or name a .csv/.jsonl input.", e);
        }
        try
        {
            var columns = ParquetColumn.Read(reader.FileMetaData.Schema);
            var errors = new List<string>();
            foreach (var column in mapping.AllColumns.Concat(key is null ? [] : [key]).Distinct())
            {
                var declared = contract.Column(column);
                if (!columns.TryGetValue(column, out var found))
                    errors.Add($"column {column} is missing (contract {contract.Id} declares it {declared?.Type.ToString().ToLowerInvariant() ?? "?"})");
                else if (declared is not null && mapping.Numeric.Contains(column) && found.Kind != ColumnKind.Number)
                    errors.Add($"column {column} is {found.TypeName}, but contract {contract.Id} declares it {declared.Type.ToString().ToLowerInvariant()} (a number or bool is required)");
                else if (found.Kind == ColumnKind.Other)
                    errors.Add($"column {column} is {found.TypeName} (text, a number or bool is required)");
            }
            if (errors.Count > 0)
                throw new InvalidDataException($"{path} does not match contract {contract.Id}: {string.Join("; ", errors)}. " +
                                               $"Its columns are: {string.Join(", ", columns.Keys)}. Write the Parquet file with the contract's column names and types.");
            return new ParquetSource(reader, mapping, columns, key);
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    /// <summary>Arrow's own words from a ParquetSharp exception, without the C++ exception type around them.</summary>
    private static string ArrowMessage(ParquetException e)
    {
        var first = e.Message.Split('\n')[0];
        var quoted = System.Text.RegularExpressions.Regex.Match(first, @"message: '(?<text>.*)'\)?$");
        return (quoted.Success ? quoted.Groups["text"].Value : first).Replace("Invalid: ", "", StringComparison.Ordinal);
    }

    public double Fraction => _groups == 0 ? 1 : (double)_group / _groups;

    public bool TryRead(out SourceChunk chunk)
    {
        chunk = null!;
        while (_group < _groups)
        {
            using var group = _reader.RowGroup(_group++);
            var rows = checked((int)group.MetaData.NumRows);
            if (rows == 0) continue;
            var batch = new FeatureBatch(rows);
            foreach (var c in _mapping.Numeric) batch.WithNumeric(c, Numbers(group, _columns[c], rows));
            foreach (var c in _mapping.Categorical) batch.WithCategorical(c, Categories(group, c, rows));
            chunk = new SourceChunk(batch, _key is null ? null : Keys(group, _columns[_key], rows));
            return true;
        }
        return false;
    }

    public void Dispose() => _reader.Dispose();
}
