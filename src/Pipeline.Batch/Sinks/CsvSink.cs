using System.Globalization;
using System.Text;

namespace Pipeline.Batch.Sinks;

/// <summary>Predictions as CSV: batch_id,row,key,score,model,model_version,model_digest.</summary>
internal sealed class CsvSink(string path) : StagedFileSink(path)
{
    public const string Header = "batch_id,row,key,score,model,model_version,model_digest";

    private byte[] _buffer = [];

    // Rows are formatted as UTF-8 straight into one reused buffer (numbers with TryFormat): nothing is allocated per row.
    protected override async Task AppendAsync(FileStream file, ScoredChunk chunk, bool first, CancellationToken ct)
    {
        file.Seek(0, SeekOrigin.End);
        var prefix = Encoding.UTF8.GetBytes(Quote(Batch.BatchId) + ",");
        var suffix = Encoding.UTF8.GetBytes($",{Quote(Batch.Model)},{Quote(Batch.Version)},{Batch.ModelDigest}\n");
        if (_buffer.Length == 0) _buffer = new byte[1 << 20];
        var used = 0;
        if (first) used += Encoding.UTF8.GetBytes(Header + "\n", _buffer);
        for (var i = 0; i < chunk.Rows; i++)
        {
            var key = chunk.Keys is { } keys && !keys.IsMissing(i) ? keys[i] : (ReadOnlyMemory<char>?)null;
            var most = prefix.Length + suffix.Length + 64 + (key is not { } k ? 0 : 2 * Encoding.UTF8.GetMaxByteCount(k.Length) + 2);
            if (used + most > _buffer.Length)
            {
                await file.WriteAsync(_buffer.AsMemory(0, used), ct);
                used = 0;
                if (most > _buffer.Length) _buffer = new byte[most];
            }
            var span = _buffer.AsSpan(used);
            prefix.CopyTo(span);
            var n = prefix.Length;
            (chunk.FirstRow + i).TryFormat(span[n..], out var w, default, CultureInfo.InvariantCulture);
            n += w;
            span[n++] = (byte)',';
            if (key is { } text) n += QuotedUtf8(text.Span, span[n..]);
            span[n++] = (byte)',';
            chunk.Scores[i].TryFormat(span[n..], out w, "R", CultureInfo.InvariantCulture);
            n += w;
            suffix.CopyTo(span[n..]);
            used += n + suffix.Length;
        }
        await file.WriteAsync(_buffer.AsMemory(0, used), ct);
    }

    // Returns the value itself (no copy) unless it holds a separator, quote or line break.
    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\n\r") < 0 ? value : "\"" + value.Replace("\"", "\"\"") + "\"";

    // The same quoting for characters, encoded straight into the buffer (a string only for a value that needs quotes).
    private static int QuotedUtf8(ReadOnlySpan<char> value, Span<byte> destination) =>
        value.IndexOfAny(",\"\n\r") < 0 ? Encoding.UTF8.GetBytes(value, destination) : Encoding.UTF8.GetBytes(Quote(value.ToString()), destination);
}
