using Pipeline.Core.Models;
using Pipeline.Data.Contracts;
using Pipeline.Data.Tables;

namespace Pipeline.Batch.Sources;

/// <summary>CSV / CSV.gz / JSON Lines input, parsed by the contract's column types.</summary>
internal sealed class DelimitedSource : IBatchSource
{
    private readonly TableChunkReader _reader;
    private readonly FeatureMapping _mapping;
    private readonly string? _key;
    private readonly long _length;

    public DelimitedSource(string path, DataContract contract, FeatureMapping mapping, string? key, int chunkRows)
    {
        _mapping = mapping;
        _key = key;
        _length = Math.Max(1, new FileInfo(path).Length);
        var columns = mapping.AllColumns.Concat(key is null ? [] : [key]).Distinct().ToList();
        _reader = TableChunkReader.Open(path, contract, columns, chunkRows);
    }

    public double Fraction => Math.Min(1, (double)_reader.BytesRead / _length);

    public long SkippedRows => _reader.SkippedRows;

    public bool TryRead(out SourceChunk chunk)
    {
        if (!_reader.TryRead(out var table))
        {
            chunk = null!;
            return false;
        }
        chunk = new SourceChunk(table.ToFeatureBatch(_mapping), _key is null ? null : KeyColumn.Of(table.Text(_key)));
        return true;
    }

    public void Dispose() => _reader.Dispose();
}
