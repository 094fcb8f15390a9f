using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Unicode;
using Pipeline.Data.Contracts;
using Pipeline.Data.Reading;
using Pipeline.Data.Tables;

namespace Pipeline.Data.Validation;

/// <summary>
/// One streaming pass over a dataset: the calling thread cuts the file into record-aligned chunks, worker threads parse
/// them into per-worker mergeable state (rule tallies, profile accumulators, key hashes). Memory is bounded by the
/// number of chunks in flight, whatever the file size (plus 12 bytes per row for unique columns).
/// </summary>
internal sealed partial class DataScanner(DataContract contract, ValidationOptions options)
{
    public ScanResult Scan(string path)
    {
        var clock = Stopwatch.StartNew();
        var format = DataFile.FormatOf(path, contract.Format);
        using var stream = DataFile.Open(path);
        var reader = new ChunkReader(stream, quoteAware: format == DataFormat.Csv, options.ChunkBytes,
            Math.Max(options.ChunkBytes, options.MaxFieldBytes + (options.MaxFieldBytes >> 2)));

        IReadOnlyList<string> header;
        string? headerProblem = null;
        if (format == DataFormat.Csv)
        {
            var first = reader.ReadFirstRecord();
            if (first is null || first.AsSpan().Trim("\r\n"u8).IsEmpty)
                return new ScanResult { Format = format, Empty = true, State = NewState([]) };
            if (!Utf8.IsValid(first)) headerProblem = "the header line is not valid UTF-8";
            header = TableLoader.HeaderNames(first.AsSpan().TrimEnd("\r\n"u8));
        }
        else
        {
            header = contract.Columns.Select(c => c.Name).ToArray();
        }
        var fieldColumns = header.Select(h => contract.Column(h)).ToArray();
        var duplicates = header.GroupBy(h => h).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0)
        {
            headerProblem ??= $"the header names {string.Join(", ", duplicates)} more than once";
            for (var i = 0; i < header.Count; i++)
                if (header.Take(i).Contains(header[i])) fieldColumns[i] = null;
        }
        var missing = contract.Columns.Where(c => !header.Contains(c.Name)).Select(c => c.Name).ToList();
        var extra = header.Where(h => contract.Column(h) is null).ToList();

        var states = new List<ScanState>();
        var jsonExtras = new ConcurrentDictionary<string, byte>();
        var queue = new BlockingCollection<Chunk>(boundedCapacity: options.Workers * 2);
        var workers = new List<Thread>();
        Exception? failure = null;
        for (var w = 0; w < options.Workers; w++)
        {
            var state = NewState(fieldColumns);
            states.Add(state);
            var thread = new Thread(() =>
            {
                try
                {
                    var json = format == DataFormat.JsonLines ? new JsonLineSplitter(header) : null;
                    var fields = new RecordFields(Math.Max(1, header.Count));
                    foreach (var chunk in queue.GetConsumingEnumerable())
                    {
                        try { Parse(chunk, state, fields, json, header.Count); }
                        finally { chunk.Return(); }
                    }
                    if (json is not null) foreach (var e in json.ExtraProperties) jsonExtras.TryAdd(e, 0);
                }
                catch (Exception e)
                {
                    failure ??= e;
                    foreach (var c in queue.GetConsumingEnumerable()) c.Return();
                }
            }) { IsBackground = true, Name = $"data-scan-{w}" };
            thread.Start();
            workers.Add(thread);
        }
        try
        {
            while (failure is null && reader.TryNext(out var chunk)) queue.Add(chunk);
        }
        finally
        {
            queue.CompleteAdding();
            foreach (var t in workers) t.Join();
        }
        if (failure is not null) throw new InvalidOperationException($"validating {path} failed unexpectedly: {failure.Message}", failure);

        var merged = states[0];
        for (var i = 1; i < states.Count; i++) merged.Merge(states[i]);
        foreach (var o in reader.Oversized)
        {
            merged.Rows++;
            merged.Rejected++;
            merged.Log.Add(Rules.File, Rules.FieldSize, o.Row,
                o.Unterminated ? $"{o.Bytes} bytes up to end of file inside an unterminated quoted field" : $"record of {o.Bytes} bytes exceeds the {options.MaxFieldBytes >> 10} KiB field cap");
        }
        if (format == DataFormat.JsonLines) extra.AddRange(jsonExtras.Keys.Order(StringComparer.Ordinal));
        return new ScanResult
        {
            Format = format,
            Header = header,
            HeaderProblem = headerProblem,
            MissingColumns = missing,
            ExtraColumns = extra,
            State = merged,
            FieldColumns = fieldColumns.Select(c => c?.Name).ToArray(),
            KeyStores = states.Select(s => s.Keys).ToArray(),
            Oversized = reader.Oversized,
            Bytes = reader.BytesRead,
            Elapsed = clock.Elapsed,
        };
    }

    private ScanState NewState(IReadOnlyList<ColumnContract?> fieldColumns) =>
        new(fieldColumns, fieldColumns.Select(c => c is not null && (c.Unique || c.Name == contract.Dataset.PrimaryKey)).ToArray(), options.FirstRows);

    private void Parse(Chunk chunk, ScanState state, RecordFields fields, JsonLineSplitter? json, int expected)
    {
        var span = chunk.Span;
        var validUtf8 = Utf8.IsValid(span);
        var records = new RecordEnumerator(span, chunk.HasQuotes);
        var row = chunk.FirstRow - 1;
        var columns = state.Columns;
        var keys = state.Keys;
        var maxField = options.MaxFieldBytes;
        while (records.MoveNext(out var record))
        {
            row++;
            if (record.IsEmpty || (record.Length == 1 && record[0] == (byte)'\r')) { state.BlankLines++; continue; }
            state.Rows++;
            if (!validUtf8 && !Utf8.IsValid(record))
            {
                state.Rejected++;
                state.Log.Add(Rules.File, Rules.Encoding, row, InvalidBytes(record));
                continue;
            }
            if (json is not null) json.Split(record, fields); else CsvFieldSplitter.Split(record, fields);
            if (fields.Malformed is not null)
            {
                state.Rejected++;
                state.Log.Add(Rules.File, Rules.Shape, row, fields.Malformed);
                continue;
            }
            if (fields.Count != expected)
            {
                state.Rejected++;
                state.Log.Add(Rules.File, Rules.Shape, row, $"{fields.Count} fields where the header has {expected}");
                continue;
            }
            var ok = true;
            for (var p = 0; p < columns.Length; p++)
            {
                var acc = columns[p];
                if (acc is null) continue;
                if (fields.IsNull(p))
                {
                    ok &= acc.AddNull(row);
                    continue;
                }
                var value = fields.Get(p, record);
                if (value.Length > maxField)
                {
                    ok = false;
                    state.Log.Add(acc.Column.Name, Rules.FieldSize, row, $"{value.Length} bytes (cap {maxField} bytes)");
                    continue;
                }
                ok &= acc.Add(value, row);
                keys[p]?.Add(value, row);
            }
            if (!ok) state.Rejected++;
        }
    }

    private static string InvalidBytes(ReadOnlySpan<byte> record)
    {
        var at = 0;
        var probe = record;
        while (!probe.IsEmpty)
        {
            var status = System.Text.Rune.DecodeFromUtf8(probe, out _, out var consumed);
            if (status != System.Buffers.OperationStatus.Done) break;
            at += consumed;
            probe = probe[consumed..];
        }
        var bad = Convert.ToHexString(record.Slice(at, Math.Min(4, record.Length - at)));
        return $"invalid UTF-8 at byte {at} of the record (bytes {bad}); re-save the file as UTF-8";
    }
}
