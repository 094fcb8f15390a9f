using Parquet;
using Parquet.Schema;

namespace Pipeline.Batch.Sinks;

/// <summary>Predictions as Parquet, one row group per chunk; each chunk closes the file with a footer, so the staging file is valid at every checkpoint.</summary>
internal sealed class ParquetSink(string path) : StagedFileSink(path)
{
    private static readonly DataField BatchIdField = new DataField<string>("batch_id");
    private static readonly DataField RowField = new DataField<long>("row");
    private static readonly DataField KeyField = new DataField<string>("key", nullable: true);
    private static readonly DataField ScoreField = new DataField<float>("score");
    private static readonly DataField ModelField = new DataField<string>("model");
    private static readonly DataField VersionField = new DataField<string>("model_version");
    private static readonly DataField DigestField = new DataField<string>("model_digest");
    private static readonly ParquetOptions Options = Sources.ParquetIo.Options;
    private string[][]? _constants;
    private long[] _rows = [];
    public static readonly ParquetSchema Schema = new(BatchIdField, RowField, KeyField, ScoreField, ModelField, VersionField, DigestField);

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
        if (chunk.Rows == 0) return;
        using var group = writer.CreateRowGroup();
        // The constant columns and the row buffer are made once per chunk size, not per chunk.
        if (_constants is null || _constants[0].Length != chunk.Rows)
            _constants = [Repeat(Batch.BatchId, chunk.Rows), Repeat(Batch.Model, chunk.Rows), Repeat(Batch.Version, chunk.Rows), Repeat(Batch.ModelDigest, chunk.Rows)];
        if (_rows.Length != chunk.Rows) _rows = new long[chunk.Rows];
        for (var i = 0; i < _rows.Length; i++) _rows[i] = chunk.FirstRow + i;
        await group.WriteAsync(BatchIdField, _constants[0]);
        await group.WriteAsync<long>(RowField, _rows, cancellationToken: ct);
        await group.WriteAsync(KeyField, chunk.Keys ?? new string?[chunk.Rows]);
        await group.WriteAsync<float>(ScoreField, chunk.Scores, cancellationToken: ct);
        await group.WriteAsync(ModelField, _constants[1]);
        await group.WriteAsync(VersionField, _constants[2]);
        await group.WriteAsync(DigestField, _constants[3]);
    }

    private static string[] Repeat(string value, int n)
    {
        var a = new string[n];
        Array.Fill(a, value);
        return a;
    }
}
