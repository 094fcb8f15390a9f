// ScoreBatch throughput and memory for the default model (fraud-detector: the built-in logistic regression trained here on
// its model.yaml's 60 k generated rows, exported with imputation, scaling and one-hot inside the graph; 6 numeric + 3
// string inputs) from Parquet into Parquet, CSV and PostgreSQL (binary COPY into a throwaway local cluster), at two input
// sizes (N/4 and N rows) so a peak that does not grow with the input shows memory is bounded. Each run is a child process,
// so each peak working set is its own. First a stage profile: CPU per row of reading, scoring and each writer, one stage at a
// time on one thread. Rows per CPU-second (the child's user + system time, which includes its start) is the figure a busy
// machine disturbs least; × 2 cores projects a quiet run.
// Usage: dotnet run -c Release --project bench/Batch -- [rows=4000000] [outputs=parquet,csv,postgresql]
using System.Diagnostics;
using System.Globalization;
using Parquet;
using Parquet.Schema;
using Pipeline.Batch.Scoring;
using Pipeline.Batch.Sinks;
using Pipeline.Batch.Sources;
using Pipeline.Core.Layout;
using Pipeline.Core.Models;
using Pipeline.Data.Contracts;
using Pipeline.Data.Generation;
using Pipeline.Data.Tables;
using Pipeline.Onnx.Scoring;
using Pipeline.Training;
using Pipeline.Training.Datasets;
using Pipeline.Training.Export;
using Pipeline.Training.LogisticRegression;

var layout = RepositoryLayout.Find(AppContext.BaseDirectory);
var config = ModelConfigLoader.Load(layout, "fraud-detector");
var contract = DataContractLoader.Load(layout.ContractFile(config.Data.Contract));
const long HeapLimitMb = 384;

if (args is ["run", var inputArg, var outputArg, var onnxArg])
{
    // Child: one batch, then its figures on stdout.
    using var source = BatchSources.Open(inputArg, contract, config.Features, config.Data.Key);
    await using var sink = BatchSinks.Open(outputArg, TimeProvider.System);
    using var scorer = ModelScorer.Open(onnxArg, config.Features, BatchScoring.ScorerOptions);
    var batch = new BatchIdentity { BatchId = "bench", Model = "fraud-detector", Version = "bench", ModelDigest = "sha256:" + new string('b', 64), InputFingerprint = BatchIdentity.FingerprintOf(inputArg) };
    // The largest GC heap left after a collection (sampled 10×/s): what the run keeps, as opposed to the working set, which
    // grows towards the heap limit because a collection runs only when the allocation budget is used up.
    long kept = 0;
    using var sampler = new Timer(_ => Interlocked.Exchange(ref kept, Math.Max(Interlocked.Read(ref kept), GC.GetGCMemoryInfo().HeapSizeBytes)), null, 0, 100);
    var result = await BatchScoring.RunAsync(batch, source, sink, scorer);
    var self = Process.GetCurrentProcess();
    Console.WriteLine(FormattableString.Invariant(
        $"{result.Rows} {result.Seconds:F3} {self.PeakWorkingSet64} {self.TotalProcessorTime.TotalSeconds:F3} {GC.GetTotalAllocatedBytes() / (double)result.Rows:F1} {GC.CollectionCount(2)} {Math.Max(kept, GC.GetGCMemoryInfo().HeapSizeBytes)}"));
    return;
}
if (args is ["stages", var stageInput, var onnxPath, var pg])
{
    await StagesAsync(stageInput, onnxPath, pg);
    return;
}

var rows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 4_000_000;
var outputs = (args.Length > 1 ? args[1] : "parquet,csv,postgresql").Split(',');
var work = Directory.CreateTempSubdirectory("pipeline-bench-batch-").FullName;
var postgres = await LocalPostgres.StartAsync(work);
try
{
    var onnx = Train(work);
    Console.WriteLine($"ScoreBatch bench: {rows / 4:N0} and {rows:N0} rows of transactions, fraud-detector model, {Environment.ProcessorCount} cores, GC heap limit {HeapLimitMb} MB per run, load {LoadAverage()}");
    var profiled = false;
    // Both sizes are at least five 256 k-row chunks (as many as the pipeline holds), so equal memory at both shows the bound.
    foreach (var n in new[] { rows / 4, rows })
    {
        var csv = Path.Combine(work, $"in-{n}.csv");
        TransactionsGenerator.Write(csv, n, seed: 3);
        var parquet = Path.Combine(work, $"in-{n}.parquet");
        await ToParquetAsync(csv, parquet);
        if (!profiled && !args.Contains("nostages"))
        {
            profiled = true;
            Console.WriteLine($"stage profile ({n:N0} rows, one thread, CPU µs per row; allocated bytes per row):");
            Console.Write(await RunChildAsync(["stages", parquet, onnx, postgres.ConnectionString + ";Table=stages"]));
        }
        foreach (var (name, output) in new[]
                 {
                     ("parquet → parquet", Path.Combine(work, "out.parquet")),
                     ("parquet → csv", Path.Combine(work, "out.csv")),
                     ("parquet → postgresql", postgres.ConnectionString + ";Table=scores"),
                 }.Where(o => outputs.Any(w => o.Item1.EndsWith(w, StringComparison.Ordinal))))
        {
            string[] parts;
            try
            {
                parts = (await RunChildAsync(["run", parquet, output, onnx])).Trim().Split(' ');
            }
            catch (InvalidOperationException e) when (e.Message.Contains("Out of memory", StringComparison.Ordinal))
            {
                Console.WriteLine($"{name,-22} {n,10:N0} rows  OUT OF MEMORY under the {HeapLimitMb} MB GC heap limit  load {LoadAverage()}");
                continue;
            }
            var (done, seconds, peak, cpu, perRow, gen2, kept) = (long.Parse(parts[0], CultureInfo.InvariantCulture), Num(parts[1]), Num(parts[2]), Num(parts[3]), Num(parts[4]), parts[5], Num(parts[6]));
            Console.WriteLine(FormattableString.Invariant(
                $"{name,-22} {done,10:N0} rows {seconds,7:F2} s {done / seconds / 1e6,6:F2} M rows/s  {done / cpu / 1e6,5:F2} M rows per CPU-s  peak {peak / 1048576.0,5:F0} MB  heap after GC ≤ {kept / 1048576.0,4:F0} MB  alloc {perRow,5:F0} B/row  gen2 GCs {gen2}  load {LoadAverage()}"));
        }
        File.Delete(csv);
    }
    Console.WriteLine($"load after: {LoadAverage()}");
}
finally
{
    await postgres.DisposeAsync();
    Directory.Delete(work, recursive: true);
}

static double Num(string s) => double.Parse(s, CultureInfo.InvariantCulture);

static async Task<string> RunChildAsync(string[] arguments)
{
    var info = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardError = true };
    // Bounded by construction: every run must finish under a fixed GC heap limit whatever the input size (else it fails with OutOfMemory).
    if (arguments[0] == "run") info.Environment["DOTNET_GCHeapHardLimit"] = (HeapLimitMb << 20).ToString("X", CultureInfo.InvariantCulture);
    if (!Environment.ProcessPath!.EndsWith("Pipeline.Bench.Batch", StringComparison.Ordinal)) info.ArgumentList.Add(typeof(LocalPostgres).Assembly.Location);
    foreach (var a in arguments) info.ArgumentList.Add(a);
    using var child = Process.Start(info)!;
    var stdout = child.StandardOutput.ReadToEndAsync();
    var stderr = await child.StandardError.ReadToEndAsync();
    await child.WaitForExitAsync();
    if (child.ExitCode != 0) throw new InvalidOperationException($"batch run failed: {stderr}");
    return await stdout;
}

// The default model as the pipeline trains it (model.yaml's data: 60 k generated rows, seed 7; its hyperparameters).
string Train(string directory)
{
    var data = Path.Combine(directory, "train.csv");
    TransactionsGenerator.Write(data, config.Data.Generate!.Rows, seed: config.Data.Generate.Seed);
    var dataset = ModelDataset.Load(data, contract, config);
    var model = BuiltInTrainer.Fit(config.Name, dataset.TrainBatch(), dataset.TrainLabels(), config.Features.Numeric, config.Features.Categorical,
        LogisticRegressionOptions.Parse(config.Source.Hyperparameters));
    var onnx = Path.Combine(directory, "fraud-detector.onnx");
    LogisticOnnxExporter.Write(model, onnx);
    return onnx;
}

// One stage at a time on this thread: read every chunk (kept), score them, then write them with each sink.
async Task StagesAsync(string input, string onnx, string postgresOutput)
{
    var chunks = new List<SourceChunk>();
    long rows = 0;
    // Twice: the first pass includes JIT and tier-0 code (a 256 k-row group is read only a few times), the second is steady state.
    Measure stage;
    var readWarm = 0.0;
    foreach (var pass in new[] { "cold", "warm" })
    {
        chunks.Clear();
        rows = 0;
        stage = Measure.Start();
        using (var source = BatchSources.Open(input, contract, config.Features, config.Data.Key))
            while (source.TryRead(out var chunk))
            {
                chunks.Add(chunk);
                rows += chunk.Features.Rows;
            }
        readWarm = stage.Print($"read parquet, {pass} (columns → feature batch)", rows);
    }
    // The same columns read by Parquet.Net 6.1 (the reader before ParquetSharp), raw (no string per value), warm, for comparison.
    await using (var stream = File.OpenRead(input))
    await using (var reader = await ParquetReader.CreateAsync(stream))
    {
        var fields = reader.Schema.GetDataFields().ToDictionary(f => f.Name);
        stage = Measure.Start();
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var n = (int)group.RowCount;
            foreach (var c in config.Features.AllColumns.Append(config.Data.Key!))
            {
                if (fields[c].ClrType == typeof(float)) await group.ReadAsync<float>(fields[c], new float[n].AsMemory());
                else await group.ReadRawAsync(fields[c], new ReadOnlyMemory<char>[n].AsMemory(), fields[c].MaxDefinitionLevel > 0 ? new int[n] : null, null);
            }
        }
        var other = stage.Print("  Parquet.Net 6.1, raw columns only, for comparison", rows);
        Console.WriteLine(FormattableString.Invariant($"  → read: Parquet.Net raw columns / this reader (feature batches built) = {other / readWarm:F2}×"));
    }

    using var scorer = ModelScorer.Open(onnx, config.Features, BatchScoring.ScorerOptions);
    scorer.Score(chunks[0].Features, 0, 1, new float[1]);
    stage = Measure.Start();
    var scored = new List<ScoredChunk>();
    long first = 0;
    foreach (var c in chunks)
    {
        var scores = new float[c.Features.Rows];
        scorer.Score(c.Features, 0, c.Features.Rows, scores);
        scored.Add(new ScoredChunk(first, scores, c.Keys));
        first += c.Features.Rows;
    }
    stage.Print("score (ONNX Runtime, 16 k rows per run)", rows);

    var dir = Path.GetDirectoryName(input)!;
    var parquetWarm = 0.0;
    foreach (var (name, output) in new[] { ("write parquet, cold", Path.Combine(dir, "stages.parquet")), ("write parquet, warm", Path.Combine(dir, "stages.parquet")), ("write csv", Path.Combine(dir, "stages.csv")), ("write postgresql (client side)", postgresOutput) })
    {
        await using var sink = BatchSinks.Open(output, TimeProvider.System);
        var batch = new BatchIdentity { BatchId = "stages", Model = "fraud-detector", Version = "bench", ModelDigest = "sha256:" + new string('b', 64), InputFingerprint = name };
        await sink.BeginAsync(batch, CancellationToken.None);
        stage = Measure.Start();
        foreach (var s in scored) await sink.WriteAsync(s, CancellationToken.None);
        await sink.CommitAsync(rows, CancellationToken.None);
        var perRow = stage.Print(name, rows);
        if (name == "write parquet, warm") parquetWarm = perRow;
        if (!PostgresTarget.Is(output)) File.Delete(output);
    }
    // The same output written by Parquet.Net 6.1 (the writer before ParquetSharp: same columns, encodings and row groups), for comparison.
    {
        var fields = new DataField[]
        {
            new DataField<string>("batch_id", nullable: false), new DataField<long>("row"), new DataField<string>("key", nullable: true), new DataField<float>("score"),
            new DataField<string>("model", nullable: false), new DataField<string>("model_version", nullable: false), new DataField<string>("model_digest", nullable: false),
        };
        var options = new ParquetOptions();
        foreach (var c in new[] { "batch_id", "model", "model_version", "model_digest" }) options.ColumnEncodingHints[c] = EncodingHint.Dictionary;
        options.ColumnEncodingHints["row"] = EncodingHint.DeltaBinaryPacked;
        var constants = new[] { "stages", "fraud-detector", "bench", "sha256:" + new string('b', 64) }.Select(v => Enumerable.Repeat(v.AsMemory(), scored.Max(c => c.Rows)).ToArray()).ToArray();
        var rowNumbers = new long[scored.Max(c => c.Rows)];
        var keys = new ReadOnlyMemory<char>?[rowNumbers.Length];
        await using var stream = File.Create(Path.Combine(dir, "parquet-net.parquet"));
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), stream, options);
        stage = Measure.Start();
        foreach (var c in scored)
        {
            using var group = writer.CreateRowGroup();
            for (var i = 0; i < c.Rows; i++)
            {
                rowNumbers[i] = c.FirstRow + i;
                keys[i] = c.Keys!.IsMissing(i) ? null : c.Keys[i];
            }
            await group.WriteAsync<ReadOnlyMemory<char>>(fields[0], constants[0].AsMemory(0, c.Rows));
            await group.WriteAsync<long>(fields[1], rowNumbers.AsMemory(0, c.Rows));
            await group.WriteAsync<ReadOnlyMemory<char>>(fields[2], keys.AsMemory(0, c.Rows));
            await group.WriteAsync<float>(fields[3], c.Scores);
            for (var k = 1; k < 4; k++) await group.WriteAsync<ReadOnlyMemory<char>>(fields[3 + k], constants[k].AsMemory(0, c.Rows));
        }
        var other = stage.Print("  Parquet.Net 6.1, same columns, for comparison", rows);
        Console.WriteLine(FormattableString.Invariant($"  → write: Parquet.Net / this writer = {other / parquetWarm:F2}×"));
    }
}

async Task ToParquetAsync(string csv, string parquet)
{
    var numeric = config.Features.Numeric;
    var text = config.Features.Categorical.Append(config.Data.Key!).ToList();
    var fields = numeric.Select(c => (DataField)new DataField<float>(c)).Concat(text.Select(c => new DataField<string>(c, nullable: true))).ToArray();
    // As Spark and pyarrow write by default: low-cardinality text (the categories) dictionary-encoded, the unique key plain.
    var options = new ParquetOptions();
    foreach (var c in config.Features.Categorical) options.ColumnEncodingHints[c] = EncodingHint.Dictionary;
    await using var stream = File.Create(parquet);
    await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), stream, options);
    using var reader = TableChunkReader.Open(csv, contract, numeric.Concat(text).ToList(), BatchSources.DefaultChunkRows);
    while (reader.TryRead(out var table))
    {
        using var group = writer.CreateRowGroup();
        foreach (var c in numeric) await group.WriteAsync<float>(fields.First(f => f.Name == c), table.Numeric(c));
        foreach (var c in text) await group.WriteAsync(fields.First(f => f.Name == c), table.Text(c));
    }
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

/// <summary>CPU time (whole process: a stage's own thread plus the GC) and bytes allocated since it started.</summary>
readonly record struct Measure(TimeSpan Cpu, long Allocated)
{
    public static Measure Start() => new(Process.GetCurrentProcess().TotalProcessorTime, GC.GetTotalAllocatedBytes(precise: true));

    /// <summary>Prints and returns CPU µs per row.</summary>
    public double Print(string name, long rows)
    {
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - Cpu).TotalSeconds;
        var bytes = GC.GetTotalAllocatedBytes(precise: true) - Allocated;
        Console.WriteLine(FormattableString.Invariant($"  {name,-42} {cpu * 1e6 / rows,6:F2} µs/row  {bytes / (double)rows,6:F0} B/row"));
        return cpu * 1e6 / rows;
    }
}
