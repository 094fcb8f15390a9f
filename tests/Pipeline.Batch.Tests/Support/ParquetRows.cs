using Parquet;
using Parquet.Schema;

namespace Pipeline.Batch.Tests.Support;

/// <summary>Reads a batch output back: the columns the tests check.</summary>
public static class ParquetRows
{
    public sealed record Rows(long[] Row, float[] Score, string?[] Key, string[] BatchId, string[] Digest, Dictionary<string, string> Metadata);

    public static async Task<Rows> ReadAsync(string path)
    {
        await using var stream = File.OpenRead(path);
        await using var reader = await ParquetReader.CreateAsync(stream);
        var fields = reader.Schema.GetDataFields().ToDictionary(f => f.Name);
        var row = new List<long>(); var score = new List<float>(); var key = new List<string?>(); var batch = new List<string>(); var digest = new List<string>();
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var n = (int)group.RowCount;
            var r = new long[n]; await group.ReadAsync<long>(fields["row"], r.AsMemory()); row.AddRange(r);
            var s = new float[n]; await group.ReadAsync<float>(fields["score"], s.AsMemory()); score.AddRange(s);
            var k = new string?[n]; await group.ReadAsync(fields["key"], k.AsMemory()); key.AddRange(k);
            var b = new string?[n]; await group.ReadAsync(fields["batch_id"], b.AsMemory()); batch.AddRange(b.Select(v => v!));
            var d = new string?[n]; await group.ReadAsync(fields["model_digest"], d.AsMemory()); digest.AddRange(d.Select(v => v!));
        }
        return new Rows(row.ToArray(), score.ToArray(), key.ToArray(), batch.ToArray(), digest.ToArray(), new Dictionary<string, string>(reader.CustomMetadata));
    }

    /// <summary>Writes a CSV-loaded table's columns as a Parquet file (numbers as nullable double, text as string), two row groups.</summary>
    public static async Task WriteAsync(string path, IReadOnlyList<string> numeric, IReadOnlyList<string> text, Pipeline.Data.Tables.ColumnarTable table)
    {
        var fields = numeric.Select(c => (DataField)new DataField<double?>(c)).Concat(text.Select(c => new DataField<string>(c, nullable: true))).ToArray();
        await using var stream = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), stream);
        var half = table.RowCount / 2;
        foreach (var (start, count) in new[] { (0, half), (half, table.RowCount - half) })
        {
            using var group = writer.CreateRowGroup();
            foreach (var c in numeric)
                await group.WriteAsync<double>(fields.First(f => f.Name == c), table.Numeric(c).AsSpan(start, count).ToArray().Select(v => float.IsNaN(v) ? (double?)null : v).ToArray());
            foreach (var c in text)
                await group.WriteAsync(fields.First(f => f.Name == c), table.Text(c).AsSpan(start, count).ToArray());
        }
    }
}
