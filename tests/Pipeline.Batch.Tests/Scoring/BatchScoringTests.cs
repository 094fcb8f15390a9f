using Pipeline.Batch.Scoring;
using Pipeline.Batch.Sinks;
using Pipeline.Batch.Sources;
using Pipeline.Batch.Tests.Support;
using Pipeline.Data.Tables;

namespace Pipeline.Batch.Tests.Scoring;

public sealed class BatchScoringTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    [Theory]
    [InlineData("fraud-import", 20_000)]
    [InlineData("breast-cancer", 0)]
    public async Task RunAsync_CsvToParquet_EveryRowOnceWithTheInProcessScoreAndTheBatchIdentity(string name, int rows)
    {
        var model = BatchModel.Load(name);
        var input = model.WriteInput(_temp.Path, rows);
        var output = Path.Combine(_temp.Path, $"{name}.parquet");
        var progress = new List<BatchProgress>();

        var result = await RunAsync(model, input, output, "2026-12-06", chunkRows: 4096, progress: new SyncProgress<BatchProgress>(progress.Add));

        var expected = model.Expected(input);
        var written = await ParquetRows.ReadAsync(output);
        Assert.Equal(expected.Length, result.Rows);
        Assert.Equal(Enumerable.Range(0, expected.Length).Select(i => (long)i), written.Row);
        Assert.Equal(expected, written.Score);
        Assert.All(written.BatchId, b => Assert.Equal("2026-12-06", b));
        Assert.All(written.Digest, d => Assert.Equal(model.Identity("x", input).ModelDigest, d));
        Assert.Equal("v3", written.Metadata["pipeline.model_version"]);
        var keys = TableLoader.Load(input, model.Contract, [model.Config.Data.Key!]).Text(model.Config.Data.Key!);
        Assert.Equal(keys, written.Key);
        Assert.True(progress.Count >= 2 || expected.Length <= 4096, $"{progress.Count} progress reports");
        Assert.Equal(expected.Length, progress[^1].Rows);
        Assert.False(File.Exists(output + ".partial"));
    }

    [Theory]
    [InlineData("breast-cancer")]   // one tensor input of numbers
    [InlineData("fraud-import")]    // named inputs with text categories and missing values
    public async Task RunAsync_ParquetInput_SameScoresAsTheCsv(string name)
    {
        var model = BatchModel.Load(name);
        var csv = model.WriteInput(_temp.Path, 5_000);
        var table = TableLoader.Load(csv, model.Contract, model.Config.Features.AllColumns.Append(model.Config.Data.Key!).Distinct().ToList());
        var parquet = Path.Combine(_temp.Path, "in.parquet");
        await ParquetRows.WriteAsync(parquet, model.Config.Features.Numeric, [.. model.Config.Features.Categorical, model.Config.Data.Key!], table);

        await RunAsync(model, parquet, Path.Combine(_temp.Path, "out.csv"), "p1");

        var lines = File.ReadAllLines(Path.Combine(_temp.Path, "out.csv"));
        Assert.Equal(CsvSink.Header, lines[0]);
        var scores = lines.Skip(1).Select(l => float.Parse(l.Split(',')[3], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(model.Expected(csv), scores);
        Assert.StartsWith("p1,0,", lines[1]);
        Assert.Equal(table.Text(model.Config.Data.Key!), lines.Skip(1).Select(l => l.Split(',')[2]));
    }

    [Fact]
    public async Task Open_ParquetMissingAContractColumn_NamesTheColumnAndTheContract()
    {
        var model = BatchModel.Load("breast-cancer");
        var csv = model.WriteInput(_temp.Path, 0);
        var table = TableLoader.Load(csv, model.Contract, model.Config.Features.AllColumns.ToList());
        var parquet = Path.Combine(_temp.Path, "partial.parquet");
        await ParquetRows.WriteAsync(parquet, model.Config.Features.Numeric.Skip(1).ToList(), [], table);

        var e = Assert.Throws<InvalidDataException>(() => BatchSources.Open(parquet, model.Contract, model.Config.Features, null));

        Assert.Contains("column mean_radius is missing", e.Message);
        Assert.Contains("breast-cancer.v1", e.Message);
    }

    [Fact]
    public async Task RunAsync_ParquetInt64Keys_EveryDigitKeptInTheOutput()
    {
        var model = BatchModel.Load("fraud-import");
        var csv = model.WriteInput(_temp.Path, 2_000);
        var features = model.Config.Features;
        var table = TableLoader.Load(csv, model.Contract, features.AllColumns.ToList());
        // Ids past float's 2^24 (and double's 2^53): a float round trip would print 9.0071993E+15.
        var ids = Enumerable.Range(0, table.RowCount).Select(i => 9_007_199_254_740_993L + i).ToArray();
        var parquet = Path.Combine(_temp.Path, "int64-keys.parquet");
        var columns = features.Numeric.Select(c => (ParquetSharp.Column)new ParquetSharp.Column<float?>(c))
            .Concat(features.Categorical.Select(c => new ParquetSharp.Column<string>(c)))
            .Append(new ParquetSharp.Column<long>(model.Config.Data.Key!)).ToArray();
        using (var writer = new ParquetSharp.ParquetFileWriter(parquet, columns))
        {
            using var group = writer.AppendRowGroup();
            foreach (var c in features.Numeric)
                using (var w = group.NextColumn().LogicalWriter<float?>()) w.WriteBatch(table.Numeric(c).Select(v => float.IsNaN(v) ? (float?)null : v).ToArray());
            foreach (var c in features.Categorical)
                using (var w = group.NextColumn().LogicalWriter<string>()) w.WriteBatch(table.Text(c)!);
            using (var w = group.NextColumn().LogicalWriter<long>()) w.WriteBatch(ids);
            writer.Close();
        }
        var output = Path.Combine(_temp.Path, "int64-keys.csv");

        await RunAsync(model, parquet, output, "ids");

        var rows = File.ReadAllLines(output).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(ids.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), rows.Select(r => r[2]));
        Assert.Equal(model.Expected(csv), rows.Select(r => float.Parse(r[3], System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Open_FileNamedParquetThatIsNot_SaysItIsNotReadableAndWhatToDo()
    {
        var model = BatchModel.Load("fraud-import");
        var path = Path.Combine(_temp.Path, "export.parquet");
        File.WriteAllText(path, "transaction_id,amount\nt1,12.5\n");

        var e = Assert.Throws<InvalidDataException>(() => BatchSources.Open(path, model.Contract, model.Config.Features, null));

        Assert.StartsWith($"{path} is not a readable Parquet file (Parquet magic bytes not found in footer.", e.Message);
        Assert.DoesNotContain("N7parquet", e.Message);
        Assert.EndsWith("Write it with a Parquet writer, or name a .csv/.jsonl input.", e.Message);
    }

    [Fact]
    public void Open_ParquetNumberColumnWrittenAsText_NamesTheColumnItsTypeAndWhatTheContractNeeds()
    {
        var model = BatchModel.Load("fraud-import");
        var parquet = Path.Combine(_temp.Path, "text-amount.parquet");
        using (var writer = new ParquetSharp.ParquetFileWriter(parquet, [new ParquetSharp.Column<string>("amount"), new ParquetSharp.Column<double>("customer_age")]))
        {
            using var group = writer.AppendRowGroup();
            using (var amount = group.NextColumn().LogicalWriter<string>()) amount.WriteBatch(["12.50", "n/a"]);
            using (var age = group.NextColumn().LogicalWriter<double>()) age.WriteBatch([31, 45]);
            writer.Close();
        }

        var e = Assert.Throws<InvalidDataException>(() => BatchSources.Open(parquet, model.Contract, model.Config.Features, null));

        Assert.Contains("column amount is text, but contract transactions.v1 declares it float (a number or bool is required)", e.Message);
        Assert.DoesNotContain("column customer_age", e.Message);
        Assert.Contains("column country is missing", e.Message);
    }

    [Theory]
    [InlineData("scores.parquet")]
    [InlineData("scores.csv")]
    public async Task RunAsync_KilledMidBatch_OldOutputStaysWholeAndTheRerunResumesToTheSameResult(string file)
    {
        var model = BatchModel.Load("fraud-import");
        var input = model.WriteInput(_temp.Path, 30_000);
        var output = Path.Combine(_temp.Path, file);
        await RunAsync(model, input, output, "old", chunkRows: 4096);
        var before = await File.ReadAllBytesAsync(output);

        // The "kill": the run stops after three staged chunks, and a torn write is left at the end of the staging file.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => RunAsync(model, input, output, "night", chunkRows: 4096, stopAfterChunks: 3));
        await File.AppendAllTextAsync(output + ".partial", "torn half-written row group");
        Assert.Equal(before, await File.ReadAllBytesAsync(output));

        var resumed = await RunAsync(model, input, output, "night", chunkRows: 4096);

        Assert.True(resumed.ResumedRows >= 3 * 4096, $"resumed after {resumed.ResumedRows} rows");
        var expected = model.Expected(input);
        if (file.EndsWith(".parquet"))
        {
            var written = await ParquetRows.ReadAsync(output);
            Assert.Equal(Enumerable.Range(0, expected.Length).Select(i => (long)i), written.Row);
            Assert.Equal(expected, written.Score);
            Assert.All(written.BatchId, b => Assert.Equal("night", b));
        }
        else
        {
            var rows = File.ReadAllLines(output).Skip(1).Select(l => l.Split(',')).ToList();
            Assert.Equal(Enumerable.Range(0, expected.Length).Select(i => i.ToString()), rows.Select(r => r[1]));
            Assert.All(rows, r => Assert.Equal("night", r[0]));
        }
    }

    [Fact]
    public async Task RunAsync_KilledUnderAnOlderStagingLayout_StartsOverInsteadOfAppending()
    {
        var model = BatchModel.Load("fraud-import");
        var input = model.WriteInput(_temp.Path, 12_000);
        var output = Path.Combine(_temp.Path, "scores.parquet");
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => RunAsync(model, input, output, "night", chunkRows: 4096, stopAfterChunks: 2));
        // A checkpoint as builds before the staging format was recorded wrote it (their Parquet staging file had optional columns).
        var checkpoint = output + ".partial.json";
        var old = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(checkpoint))!.AsObject();
        Assert.True(old.Remove("Format"), await File.ReadAllTextAsync(checkpoint));
        await File.WriteAllTextAsync(checkpoint, old.ToJsonString());

        var rerun = await RunAsync(model, input, output, "night", chunkRows: 4096);

        Assert.Equal(0, rerun.ResumedRows);
        var written = await ParquetRows.ReadAsync(output);
        Assert.Equal(model.Expected(input), written.Score);
        Assert.False(File.Exists(checkpoint));
    }

    [Fact]
    public async Task RunAsync_ManyChunksToParquet_AtMostFiveChunksInMemoryAndEachStagedOnDiskAsItsOwnRowGroup()
    {
        // Memory is bounded by the chunk size, not the input size, when the pipeline holds a fixed number of chunks and the
        // sink keeps nothing of a chunk once it is staged: shown here on ~15 chunks (the CSV reader's chunks are about chunkRows each); bench/Batch shows it on 4 M rows under a heap limit.
        var model = BatchModel.Load("fraud-import");
        var input = model.WriteInput(_temp.Path, 30_000);
        var output = Path.Combine(_temp.Path, "bounded.parquet");
        const int chunkRows = 2048;
        using var source = new CountingSource(BatchSources.Open(input, model.Contract, model.Config.Features, model.Config.Data.Key, chunkRows));
        var (written, inMemory, staged, chunks) = (0, new List<int>(), new List<long>(), new List<long>());
        await using var sink = new WatchingSink(BatchSinks.Open(output, TimeProvider.System),
            before: chunk =>
            {
                inMemory.Add(source.Chunks - written);
                chunks.Add(chunk.Rows);
            },
            after: _ =>
            {
                written++;
                staged.Add(new FileInfo(output + ".partial").Length);
            });
        using var scorer = model.OpenScorer();

        var result = await BatchScoring.RunAsync(model.Identity("bounded", input), source, sink, scorer);

        Assert.Equal(30_000, result.Rows);
        Assert.InRange(written, 12, 20);
        Assert.InRange(inMemory.Max(), 1, 5);
        Assert.True(staged.Zip(staged.Skip(1)).All(p => p.Second > p.First), $"staging file after each chunk: {string.Join(", ", staged)} bytes");
        await using var stream = File.OpenRead(output);
        await using var reader = await Parquet.ParquetReader.CreateAsync(stream);
        var groups = Enumerable.Range(0, reader.RowGroupCount).Select(g => { using var group = reader.OpenRowGroupReader(g); return group.RowCount; }).ToList();
        Assert.Equal(chunks, groups);
    }

    private static async Task<BatchResult> RunAsync(BatchModel model, string input, string output, string batchId, int chunkRows = BatchSources.DefaultChunkRows,
        IProgress<BatchProgress>? progress = null, int stopAfterChunks = int.MaxValue)
    {
        using var source = BatchSources.Open(input, model.Contract, model.Config.Features, model.Config.Data.Key, chunkRows);
        await using var sink = new StoppingSink(BatchSinks.Open(output, TimeProvider.System), stopAfterChunks);
        using var scorer = model.OpenScorer();
        return await BatchScoring.RunAsync(model.Identity(batchId, input), source, sink, scorer, progress);
    }

    public void Dispose() => _temp.Dispose();
}
