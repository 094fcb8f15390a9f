using System.Globalization;
using System.Text;

namespace Pipeline.Batch.Sinks;

/// <summary>Predictions as CSV: batch_id,row,key,score,model,model_version,model_digest.</summary>
internal sealed class CsvSink(string path) : StagedFileSink(path)
{
    public const string Header = "batch_id,row,key,score,model,model_version,model_digest";

    protected override async Task AppendAsync(FileStream file, ScoredChunk chunk, bool first, CancellationToken ct)
    {
        file.Seek(0, SeekOrigin.End);
        var suffix = $",{Quote(Batch.Model)},{Quote(Batch.Version)},{Batch.ModelDigest}\n";
        var prefix = Quote(Batch.BatchId) + ",";
        var sb = new StringBuilder(chunk.Rows * (suffix.Length + 40));
        if (first) sb.Append(Header).Append('\n');
        for (var i = 0; i < chunk.Rows; i++)
        {
            sb.Append(prefix).Append(chunk.FirstRow + i).Append(',');
            if (chunk.Keys?[i] is { } key) sb.Append(Quote(key));
            sb.Append(',').Append(chunk.Scores[i].ToString("R", CultureInfo.InvariantCulture)).Append(suffix);
        }
        var bytes = Encoding.UTF8.GetBytes(sb.ToString());
        await file.WriteAsync(bytes, ct);
    }

    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\n\r") < 0 ? value : "\"" + value.Replace("\"", "\"\"") + "\"";
}
