using Parquet;
using Parquet.Schema;

namespace Pipeline.Batch.Sinks;

/// <summary>
/// Predictions as Parquet, one row group per chunk; each chunk closes the file with a footer, so the staging file is valid at
/// every checkpoint. Columns go to Parquet.Net as typed memory (no string per row): the key as slices of the chunk's key
/// buffer, and the batch's constant columns (batch id, model, version, digest) as one repeated value, dictionary-encoded so
/// each row group stores the value once and a run of index 0.
/// </summary>
internal sealed class ParquetSink(string path) : StagedFileSink(path)
{
    private static readonly DataField BatchIdField = new DataField<string>("batch_id", nullable: false);
    private static readonly DataField RowField = new DataField<long>("row");
    private static readonly DataField KeyField = new DataField<string>("key", nullable: true);
    private static readonly DataField ScoreField = new DataField<float>("score");
    private static readonly DataField ModelField = new DataField<string>("model", nullable: false);
    private static readonly DataField VersionField = new DataField<string>("model_version", nullable: false);
    private static readonly DataField DigestField = new DataField<string>("model_digest", nullable: false);
    public static readonly ParquetSchema Schema = new(BatchIdField, RowField, KeyField, ScoreField, ModelField, VersionField, DigestField);
    private static readonly ParquetOptions Options = WriterOptions();

    /// <summary>1: the constant columns became required (2026-12-07); a staging file of the optional-column layout is started over.</summary>
    protected override int StagingFormat => 1;

    private ReadOnlyMemory<char>[][] _constants = [];
    private long[] _rows = [];
    private ReadOnlyMemory<char>?[] _keys = [];

    protected override async Task AppendAsync(FileStream file, ScoredChunk chunk, bool first, CancellationToken ct)
    {
        file.Seek(0, SeekOrigin.Begin);
        await using var writer = await ParquetWriter.CreateAsync(Schema, file, Options, append: !first, cancellationToken: ct);
        if (first)
            writer.CustomMetadata = new Dictionary<string, string>
            {
                ["pipeline.batch_id"] = Batch.BatchId, ["pipeline.model"] = Batch.Model,
                ["pipeline.model_version"] = Batch.Version, ["pipeline.model_digest"] = Batch.ModelDigest,
            };
        var n = chunk.Rows;
        if (n == 0) return;
        // The constant columns and the row buffer are made once per chunk size, not per chunk.
        if (_constants.Length == 0 || _constants[0].Length != n)
            _constants = [Repeat(Batch.BatchId, n), Repeat(Batch.Model, n), Repeat(Batch.Version, n), Repeat(Batch.ModelDigest, n)];
        if (_rows.Length != n) _rows = new long[n];
        for (var i = 0; i < n; i++) _rows[i] = chunk.FirstRow + i;
        if (_keys.Length != n) _keys = new ReadOnlyMemory<char>?[n];
        for (var i = 0; i < n; i++) _keys[i] = chunk.Keys is { } keys && !keys.IsMissing(i) ? keys[i] : null;

        using var group = writer.CreateRowGroup();
        await group.WriteAsync<ReadOnlyMemory<char>>(BatchIdField, _constants[0], cancellationToken: ct);
        await group.WriteAsync<long>(RowField, _rows, cancellationToken: ct);
        await group.WriteAsync<ReadOnlyMemory<char>>(KeyField, _keys, cancellationToken: ct);
        await group.WriteAsync<float>(ScoreField, chunk.Scores, cancellationToken: ct);
        await group.WriteAsync<ReadOnlyMemory<char>>(ModelField, _constants[1], cancellationToken: ct);
        await group.WriteAsync<ReadOnlyMemory<char>>(VersionField, _constants[2], cancellationToken: ct);
        await group.WriteAsync<ReadOnlyMemory<char>>(DigestField, _constants[3], cancellationToken: ct);
        group.CompleteValidate();
        Array.Clear(_keys);   // the chunk's key buffer is not kept alive until the next chunk
    }

    private static ParquetOptions WriterOptions()
    {
        var options = Sources.ParquetIo.Options;
        foreach (var constant in new[] { BatchIdField, ModelField, VersionField, DigestField })
            options.ColumnEncodingHints[constant.Path.ToString()] = EncodingHint.Dictionary;
        // Consecutive row numbers delta-encode to almost nothing (plain would store 8 bytes a row).
        options.ColumnEncodingHints[RowField.Path.ToString()] = EncodingHint.DeltaBinaryPacked;
        return options;
    }

    private static ReadOnlyMemory<char>[] Repeat(string value, int n)
    {
        var a = new ReadOnlyMemory<char>[n];
        Array.Fill(a, value.AsMemory());
        return a;
    }
}
