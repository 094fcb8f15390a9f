using System.Diagnostics;
using Pipeline.Data.Reading;

/// <summary>CPU cost of the reading layers alone (chunking, record walk, field split), to see what validation adds.</summary>
static class Ablation
{
    public static void Run(string file)
    {
        var mb = new FileInfo(file).Length / 1e6;
        foreach (var stage in new[] { "chunks", "records", "split" })
        {
            var me = Process.GetCurrentProcess();
            me.Refresh();
            var cpu0 = me.TotalProcessorTime;
            using var stream = DataFile.Open(file);
            var reader = new ChunkReader(stream, quoteAware: true);
            reader.ReadFirstRecord();
            var fields = new RecordFields(32);
            long n = 0;
            while (reader.TryNext(out var chunk))
            {
                if (stage != "chunks")
                {
                    var e = new RecordEnumerator(chunk.Span, chunk.HasQuotes);
                    while (e.MoveNext(out var rec))
                    {
                        if (stage == "split") CsvFieldSplitter.Split(rec, fields);
                        n++;
                    }
                }
                chunk.Return();
            }
            me.Refresh();
            var cpu = (me.TotalProcessorTime - cpu0).TotalSeconds;
            Console.WriteLine($"ablation {stage}: {cpu:F2} cpu-s ({mb / cpu:F0} MB per cpu-second), {n} records");
        }
    }
}
