using System.Runtime.InteropServices;
using Utf8 = System.Text.Encoding;
using ParquetSharp;
using ParquetSharp.IO;
using ParquetSharp.Schema;

namespace Pipeline.Batch.Sinks.ParquetOutput;

/// <summary>
/// Predictions as Parquet, one row group per chunk. Each chunk is encoded in memory by Apache Arrow's C++ Parquet writer
/// (ParquetSharp) as a file of its own, and its row group is spliced onto the staging file (<see cref="RowGroupSplice"/>), so
/// the staging file is a valid Parquet file at every checkpoint. Columns are handed over as typed memory: the key as UTF-8
/// slices of one pinned buffer, and the batch's constant columns (batch id, model, version, digest) as one value repeated,
/// dictionary-encoded so each row group stores it once and a run of index 0.
/// </summary>
internal sealed class ParquetSink(string path) : StagedFileSink(path)
{
    private static readonly string[] Constants = ["batch_id", "model", "model_version", "model_digest"];

    /// <summary>2: chunks encoded by Arrow's writer and spliced (2026-12-07); 1: Parquet.Net's append; 0: optional constant columns.</summary>
    protected override int StagingFormat => 2;

    private readonly MemoryStream _encoded = new();
    private WriterProperties? _properties;
    private GroupNode? _schema;
    private byte[][] _constants = [];
    private ByteArray[] _values = [];
    private short[] _levels = [];
    private long[] _rows = [];
    private byte[] _keyBytes = [];

    protected override Task AppendAsync(FileStream file, ScoredChunk chunk, bool first, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        Encode(chunk);
        RowGroupSplice.Append(file, _encoded.GetBuffer().AsSpan(0, (int)_encoded.Length));
        return Task.CompletedTask;
    }

    private void Encode(ScoredChunk chunk)
    {
        _properties ??= new WriterPropertiesBuilder()
            .Compression(Compression.Snappy)
            .DisableDictionary("row").Encoding("row", ParquetSharp.Encoding.DeltaBinaryPacked)   // consecutive numbers delta-encode to almost nothing
            .DisableDictionary("key").DisableDictionary("score")
            .DisableWritePageIndex()   // a page index holds absolute offsets, which the splice cannot move
            .Build();
        if (_constants.Length == 0)
            _constants = [.. new[] { Batch.BatchId, Batch.Model, Batch.Version, Batch.ModelDigest }.Select(v => Pinned(Utf8.UTF8.GetBytes(v)))];
        var n = chunk.Rows;
        if (_values.Length < n)
        {
            _values = new ByteArray[n];
            _levels = new short[n];
            _rows = new long[n];
        }
        _encoded.SetLength(0);
        _schema ??= Schema();
        var metadata = new Dictionary<string, string>
        {
            ["pipeline.batch_id"] = Batch.BatchId, ["pipeline.model"] = Batch.Model,
            ["pipeline.model_version"] = Batch.Version, ["pipeline.model_digest"] = Batch.ModelDigest,
        };
        using var output = new ManagedOutputStream(_encoded, leaveOpen: true);
        using var writer = new ParquetFileWriter(output, _schema, _properties, metadata);
        if (n > 0)
        {
            using var group = writer.AppendRowGroup();
            WriteConstant(group, 0, n);
            using (var rows = (ColumnWriter<long>)group.NextColumn())
            {
                for (var i = 0; i < n; i++) _rows[i] = chunk.FirstRow + i;
                rows.WriteBatch(_rows.AsSpan(0, n));
            }
            using (var keys = (ColumnWriter<ByteArray>)group.NextColumn())
            {
                var present = Keys(chunk, n);
                keys.WriteBatch(n, _levels.AsSpan(0, n), default, _values.AsSpan(0, present));
            }
            using (var scores = (ColumnWriter<float>)group.NextColumn()) scores.WriteBatch(chunk.Scores.AsSpan(0, n));
            for (var c = 1; c < Constants.Length; c++) WriteConstant(group, c, n);
        }
        writer.Close();
    }

    private void WriteConstant(RowGroupWriter group, int constant, int n)
    {
        using var column = (ColumnWriter<ByteArray>)group.NextColumn();
        var bytes = _constants[constant];
        _values.AsSpan(0, n).Fill(new ByteArray(Address(bytes), bytes.Length));
        column.WriteBatch(_values.AsSpan(0, n));
    }

    /// <summary>Each present key as UTF-8 in <see cref="_keyBytes"/> and a <see cref="ByteArray"/> in <see cref="_values"/>; definition levels in <see cref="_levels"/>.</summary>
    private int Keys(ScoredChunk chunk, int n)
    {
        var keys = chunk.Keys;
        var bytes = keys is null ? 0 : Utf8.UTF8.GetMaxByteCount(keys.TotalChars);
        if (_keyBytes.Length < bytes) _keyBytes = Pinned(new byte[Math.Max(bytes, _keyBytes.Length * 2)]);
        var start = Address(_keyBytes);
        int used = 0, present = 0;
        for (var i = 0; i < n; i++)
        {
            if (keys is null || keys.IsMissing(i))
            {
                _levels[i] = 0;
                continue;
            }
            _levels[i] = 1;
            var length = Utf8.UTF8.GetBytes(keys[i].Span, _keyBytes.AsSpan(used));
            _values[present++] = new ByteArray(start + used, length);
            used += length;
        }
        return present;
    }

    private static GroupNode Schema()
    {
        static Node Text(string name, Repetition repetition = Repetition.Required) => new PrimitiveNode(name, repetition, LogicalType.String(), PhysicalType.ByteArray);
        return new GroupNode("schema", Repetition.Required,
        [
            Text(Constants[0]),
            new PrimitiveNode("row", Repetition.Required, LogicalType.None(), PhysicalType.Int64),
            Text("key", Repetition.Optional),
            new PrimitiveNode("score", Repetition.Required, LogicalType.None(), PhysicalType.Float),
            Text(Constants[1]), Text(Constants[2]), Text(Constants[3]),
        ]);
    }

    /// <summary>A copy on the pinned object heap: native code reads it through pointers, and the collector never moves it.</summary>
    private static byte[] Pinned(byte[] bytes)
    {
        var pinned = GC.AllocateUninitializedArray<byte>(bytes.Length, pinned: true);
        bytes.CopyTo(pinned, 0);
        return pinned;
    }

    private static IntPtr Address(byte[] pinned) => Marshal.UnsafeAddrOfPinnedArrayElement(pinned, 0);

    public override ValueTask DisposeAsync()
    {
        _properties?.Dispose();
        _schema?.Dispose();
        _encoded.Dispose();
        return ValueTask.CompletedTask;
    }
}
