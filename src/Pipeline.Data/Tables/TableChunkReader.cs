using Pipeline.Data.Contracts;
using Pipeline.Data.Reading;

namespace Pipeline.Data.Tables;

/// <summary>
/// Reads a CSV / CSV.gz / JSON Lines dataset as a sequence of <see cref="ColumnarTable"/> chunks of about
/// <c>chunkRows</c> rows each (plus at most one read buffer's records), so memory stays bounded whatever the file size.
/// </summary>
public sealed class TableChunkReader : IDisposable
{
    private readonly Stream _stream;
    private readonly ChunkReader _reader;
    private readonly List<ColumnContract> _columns;
    private readonly int[] _positions;
    private readonly int _fieldCount;
    private readonly JsonLineSplitter? _json;
    private readonly RecordFields _fields;
    private readonly int _chunkRows;
    private long _skipped;

    private TableChunkReader(Stream stream, ChunkReader reader, List<ColumnContract> columns, int[] positions, int fieldCount, JsonLineSplitter? json, int chunkRows)
    {
        _stream = stream;
        _reader = reader;
        _columns = columns;
        _positions = positions;
        _fieldCount = fieldCount;
        _json = json;
        _fields = new RecordFields(Math.Max(fieldCount, 1));
        _chunkRows = Math.Max(1, chunkRows);
    }

    /// <summary>Opens <paramref name="path"/> for the given contract columns; a missing column is an error naming the header.</summary>
    public static TableChunkReader Open(string path, DataContract contract, IReadOnlyCollection<string> columns, int chunkRows)
    {
        var contracts = columns.Select(name => contract.Column(name) ?? throw new ArgumentException(
            $"column '{name}' is not in contract {contract.Id} (columns: {string.Join(", ", contract.Columns.Select(c => c.Name))})", nameof(columns))).ToList();
        if (!File.Exists(path)) throw new FileNotFoundException($"input {path} does not exist", path);
        var format = DataFile.FormatOf(path, contract.Format);
        var stream = DataFile.Open(path);
        try
        {
            // Read buffers sized to the chunk (about 64 bytes a row, within 64 KiB–4 MiB) keep chunks close to chunkRows rows.
            var bufferBytes = (int)Math.Clamp(chunkRows * 64L, 64 << 10, ChunkReader.DefaultChunkBytes);
            var reader = new ChunkReader(stream, quoteAware: format == DataFormat.Csv, chunkBytes: bufferBytes);
            var positions = TableLoader.ResolvePositions(path, format, reader, contract, contracts, out var fieldCount);
            var json = format == DataFormat.JsonLines ? new JsonLineSplitter(contract.Columns.Select(c => c.Name).ToArray()) : null;
            return new TableChunkReader(stream, reader, contracts, positions, fieldCount, json, chunkRows);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Bytes of the file read so far (compressed bytes for .gz), for progress.</summary>
    public long BytesRead => _reader.BytesRead;

    /// <summary>Records left out so far because they could not be aligned with the header.</summary>
    public long SkippedRows => _skipped + _reader.Oversized.Count;

    /// <summary>The next chunk of rows, or false at the end of the file.</summary>
    public bool TryRead(out ColumnarTable table)
    {
        var builders = _columns.Select(c => new ColumnBuilder(c)).ToArray();
        var rows = 0;
        while (rows < _chunkRows && _reader.TryNext(out var chunk))
        {
            var records = new RecordEnumerator(chunk.Span, chunk.HasQuotes);
            while (records.MoveNext(out var record))
            {
                if (record.IsEmpty || (record.Length == 1 && record[0] == (byte)'\r')) continue;
                if (_json is not null) _json.Split(record, _fields); else CsvFieldSplitter.Split(record, _fields);
                if (_fields.Malformed is not null || _fields.Count != _fieldCount) { _skipped++; continue; }
                for (var c = 0; c < builders.Length; c++)
                {
                    var p = _positions[c];
                    if (_fields.IsNull(p)) builders[c].AddNull();
                    else builders[c].Add(_fields.Get(p, record));
                }
                rows++;
            }
            chunk.Return();
        }
        var numeric = new Dictionary<string, float[]>(StringComparer.Ordinal);
        var text = new Dictionary<string, string?[]>(StringComparer.Ordinal);
        var seconds = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var b in builders) b.Complete(numeric, text, seconds);
        table = new ColumnarTable(rows, _columns, numeric, text, seconds, 0);
        return rows > 0;
    }

    public void Dispose() => _stream.Dispose();
}
