using System.IO.Compression;

namespace Pipeline.Data.Generation;

/// <summary>
/// Writes the synthetic card-transaction fraud dataset (contract transactions.v1) deterministically from a seed:
/// same rows, seed, drift and end date → same bytes, whatever the number of threads.
/// </summary>
public static partial class TransactionsGenerator
{
    /// <summary>Timestamps end here unless a caller passes its own clock's date.</summary>
    public static readonly DateTimeOffset DefaultEnd = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private const int BlockRows = 16_384;

    /// <summary>Writes <paramref name="rows"/> rows to <paramref name="path"/> (.csv, .csv.gz, .jsonl or .jsonl.gz) with timestamps in the 30 days before <see cref="DefaultEnd"/>.</summary>
    public static void Write(string path, int rows, int seed, DriftOptions? drift = null) => Write(path, rows, seed, drift, DefaultEnd);

    /// <summary>As <see cref="Write(string,int,int,DriftOptions?)"/> with timestamps in the 30 days before <paramref name="end"/>.</summary>
    public static void Write(string path, int rows, int seed, DriftOptions? drift, DateTimeOffset end)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        drift ??= new DriftOptions();
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        var gz = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
        var bare = gz ? path[..^3] : path;
        var json = bare.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || bare.EndsWith(".ndjson", StringComparison.OrdinalIgnoreCase);

        var temp = path + ".tmp";
        using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        using (Stream output = gz ? new GZipStream(file, CompressionLevel.Fastest) : file)
        {
            var world = new World(rows, end.UtcDateTime.Date);
            if (!json)
            {
                output.Write(System.Text.Encoding.UTF8.GetBytes(string.Join(",", TransactionsSchema.Columns) + "\n"));
            }
            var blocks = (rows + BlockRows - 1) / BlockRows;
            var parallel = Math.Max(1, Environment.ProcessorCount);
            var writers = Enumerable.Range(0, parallel * 2).Select(_ => new RowWriter(json, TransactionsSchema.Columns)).ToArray();
            for (var first = 0; first < blocks; first += writers.Length)
            {
                var count = Math.Min(writers.Length, blocks - first);
                Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = parallel }, k =>
                {
                    var block = first + k;
                    var writer = writers[k];
                    writer.Clear();
                    var start = (long)block * BlockRows;
                    var end2 = Math.Min(rows, start + BlockRows);
                    var random = FastRandom.For(seed, block + 1);
                    for (var row = start; row < end2; row++) WriteRow(writer, world, random, row, drift);
                });
                for (var k = 0; k < count; k++) output.Write(writers[k].Written);
            }
        }
        File.Move(temp, path, overwrite: true);
    }
}
