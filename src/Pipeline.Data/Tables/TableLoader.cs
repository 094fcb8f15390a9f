using System.Text;
using Pipeline.Data.Contracts;
using Pipeline.Data.Reading;

namespace Pipeline.Data.Tables;

/// <summary>Loads a CSV / CSV.gz / JSON Lines dataset into a <see cref="ColumnarTable"/> typed by its contract.</summary>
public static class TableLoader
{
    /// <summary>Loads <paramref name="columns"/> (default: every contract column). Unparsable values become NaN/null; records that cannot be aligned with the header are skipped and counted.</summary>
    public static ColumnarTable Load(string path, DataContract contract, IReadOnlyCollection<string>? columns = null)
    {
        var wanted = (columns ?? contract.Columns.Select(c => c.Name).ToArray()).ToList();
        var contracts = new List<ColumnContract>();
        foreach (var name in wanted)
        {
            contracts.Add(contract.Column(name) ?? throw new ArgumentException(
                $"column '{name}' is not in contract {contract.Id} (columns: {string.Join(", ", contract.Columns.Select(c => c.Name))})", nameof(columns)));
        }
        if (!File.Exists(path)) throw new FileNotFoundException($"dataset {path} does not exist; generate it (./build.sh GenerateData) or fix data.path", path);

        var format = DataFile.FormatOf(path, contract.Format);
        using var stream = DataFile.Open(path);
        var reader = new ChunkReader(stream, quoteAware: format == DataFormat.Csv);
        var positions = ResolvePositions(path, format, reader, contract, contracts, out var fieldCount);
        var builders = contracts.Select(c => new ColumnBuilder(c)).ToArray();
        var fields = new RecordFields(Math.Max(fieldCount, 1));
        var json = format == DataFormat.JsonLines ? new JsonLineSplitter(contract.Columns.Select(c => c.Name).ToArray()) : null;
        var rows = 0;
        long skipped = 0;
        while (reader.TryNext(out var chunk))
        {
            var records = new RecordEnumerator(chunk.Span, chunk.HasQuotes);
            while (records.MoveNext(out var record))
            {
                if (record.IsEmpty || (record.Length == 1 && record[0] == (byte)'\r')) continue;
                if (json is not null) json.Split(record, fields); else CsvFieldSplitter.Split(record, fields);
                if (fields.Malformed is not null || fields.Count != fieldCount) { skipped++; continue; }
                for (var c = 0; c < builders.Length; c++)
                {
                    var p = positions[c];
                    if (fields.IsNull(p)) builders[c].AddNull();
                    else builders[c].Add(fields.Get(p, record));
                }
                rows++;
            }
            chunk.Return();
        }
        skipped += reader.Oversized.Count;
        var numeric = new Dictionary<string, float[]>(StringComparer.Ordinal);
        var text = new Dictionary<string, string?[]>(StringComparer.Ordinal);
        var seconds = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var b in builders) b.Complete(numeric, text, seconds);
        return new ColumnarTable(rows, contracts, numeric, text, seconds, skipped);
    }

    internal static int[] ResolvePositions(string path, DataFormat format, ChunkReader reader, DataContract contract, List<ColumnContract> wanted, out int fieldCount)
    {
        if (format == DataFormat.JsonLines)
        {
            var all = contract.Columns.Select(c => c.Name).ToList();
            fieldCount = all.Count;
            return wanted.Select(w => all.IndexOf(w.Name)).ToArray();
        }
        var header = reader.ReadFirstRecord() ?? throw new InvalidDataException($"{path} is empty: a CSV header naming the columns of contract {contract.Id} is required");
        var names = HeaderNames(header);
        fieldCount = names.Count;
        var missing = wanted.Where(w => !names.Contains(w.Name)).Select(w => w.Name).ToList();
        if (missing.Count > 0)
            throw new InvalidDataException($"{path} header lacks column(s) {string.Join(", ", missing)} required by contract {contract.Id}; header is: {string.Join(",", names)}");
        return wanted.Select(w => names.IndexOf(w.Name)).ToArray();
    }

    internal static List<string> HeaderNames(ReadOnlySpan<byte> header)
    {
        var fields = new RecordFields(4096);
        CsvFieldSplitter.Split(header, fields);
        var names = new List<string>(fields.Count);
        for (var i = 0; i < Math.Min(fields.Count, fields.Capacity); i++)
            names.Add(fields.IsNull(i) ? "" : Encoding.UTF8.GetString(fields.Get(i, header)).Trim());
        return names;
    }
}
