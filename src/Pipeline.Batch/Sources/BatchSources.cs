using Pipeline.Core.Models;
using Pipeline.Data.Contracts;

namespace Pipeline.Batch.Sources;

/// <summary>Opens an input by its extension: .parquet, else CSV / CSV.gz / JSON Lines as the contract declares.</summary>
public static class BatchSources
{
    /// <summary>Rows per chunk of a CSV / JSONL input (a Parquet input is read one row group at a time).</summary>
    public const int DefaultChunkRows = 262_144;

    public static IBatchSource Open(string path, DataContract contract, FeatureMapping mapping, string? keyColumn, int chunkRows = DefaultChunkRows) =>
        IsParquet(path)
            ? ParquetSource.Open(path, contract, mapping, keyColumn)
            : new DelimitedSource(path, contract, mapping, keyColumn, chunkRows);

    public static bool IsParquet(string path) => path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase);
}
