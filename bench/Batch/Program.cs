// ScoreBatch throughput and memory: scores generated transactions with the fraud-import model (the default model's
// features and cost: a logistic model over 6 numeric + 3 categorical inputs) from a Parquet input into Parquet, CSV and
// PostgreSQL (binary COPY into a throwaway local cluster), in a child process per run so each peak working set is its own.
// Rows per CPU-second (the child process's user + system time, which includes process start) is the figure a busy machine
// disturbs least; x2 cores projects a quiet run. Usage: dotnet run -c Release --project bench/Batch -- [rows=2000000]
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

var layout = RepositoryLayout.Find(AppContext.BaseDirectory);
var config = ModelConfigLoader.Load(layout, "fraud-import");
var contract = DataContractLoader.Load(layout.ContractFile(config.Data.Contract));

if (args is ["run", var inputArg, var outputArg])
{
    // Child: one batch, then its figures on stdout.
    using var source = BatchSources.Open(inputArg, contract, config.Features, config.Data.Key);
    await using var sink = BatchSinks.Open(outputArg, TimeProvider.System);
    using var scorer = ModelScorer.Open(layout.Resolve(config.Source.Onnx!), config.Features);
    var batch = new BatchIdentity { BatchId = "bench", Model = "fraud-import", Version = "bench", ModelDigest = "sha256:bench", InputFingerprint = BatchIdentity.FingerprintOf(inputArg) };
    var result = await BatchScoring.RunAsync(batch, source, sink, scorer);
    var self = Process.GetCurrentProcess();
    Console.WriteLine(FormattableString.Invariant($"{result.Rows} {result.Seconds:F3} {self.PeakWorkingSet64} {self.TotalProcessorTime.TotalSeconds:F3}"));
    return;
}

var rows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2_000_000;
var work = Directory.CreateTempSubdirectory("pipeline-bench-batch-").FullName;
var postgres = await LocalPostgres.StartAsync(work);
try
{
    Console.WriteLine($"ScoreBatch bench: {rows:N0} and {rows / 4:N0} rows of transactions, fraud-import model, {Environment.ProcessorCount} cores, load {LoadAverage()}");
    var results = new List<string>();
    foreach (var n in new[] { rows / 4, rows })
    {
        var csv = Path.Combine(work, $"in-{n}.csv");
        TransactionsGenerator.Write(csv, n, seed: 3);
        var parquet = Path.Combine(work, $"in-{n}.parquet");
        await ToParquetAsync(csv, parquet);
        foreach (var (name, input, output) in new[]
                 {
                     ("parquet → parquet", parquet, Path.Combine(work, "out.parquet")),
                     ("csv → parquet", csv, Path.Combine(work, "out.parquet")),
                     ("parquet → csv", parquet, Path.Combine(work, "out.csv")),
                     ("parquet → postgresql", parquet, postgres.ConnectionString + ";Table=scores"),
                 })
        {
            var (done, seconds, peak, cpu) = await RunChildAsync(input, output);
            var line = FormattableString.Invariant($"{name,-22} {done,10:N0} rows {seconds,7:F2} s {done / seconds / 1e6,6:F2} M rows/s  {done / cpu / 1e6,5:F2} M rows per CPU-s  peak {peak / 1048576.0,6:F0} MB");
            Console.WriteLine(line);
            results.Add(line);
        }
    }
    Console.WriteLine($"load after: {LoadAverage()}");
}
finally
{
    await postgres.DisposeAsync();
    Directory.Delete(work, recursive: true);
}

static async Task<(long Rows, double Seconds, long Peak, double Cpu)> RunChildAsync(string input, string output)
{
    var info = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardError = true };
    if (!Environment.ProcessPath!.EndsWith("Pipeline.Bench.Batch", StringComparison.Ordinal)) info.ArgumentList.Add(typeof(LocalPostgres).Assembly.Location);
    foreach (var a in new[] { "run", input, output }) info.ArgumentList.Add(a);
    using var child = Process.Start(info)!;
    var stdout = await child.StandardOutput.ReadToEndAsync();
    var stderr = await child.StandardError.ReadToEndAsync();
    await child.WaitForExitAsync();
    if (child.ExitCode != 0) throw new InvalidOperationException($"batch run failed: {stderr}");
    var parts = stdout.Trim().Split(' ');
    return (long.Parse(parts[0], CultureInfo.InvariantCulture), double.Parse(parts[1], CultureInfo.InvariantCulture), long.Parse(parts[2], CultureInfo.InvariantCulture), double.Parse(parts[3], CultureInfo.InvariantCulture));
}

async Task ToParquetAsync(string csv, string parquet)
{
    var numeric = config.Features.Numeric;
    var text = config.Features.Categorical.Append(config.Data.Key!).ToList();
    var fields = numeric.Select(c => (DataField)new DataField<float>(c)).Concat(text.Select(c => new DataField<string>(c, nullable: true))).ToArray();
    await using var stream = File.Create(parquet);
    await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), stream);
    using var reader = TableChunkReader.Open(csv, contract, numeric.Concat(text).ToList(), BatchSources.DefaultChunkRows);
    while (reader.TryRead(out var table))
    {
        using var group = writer.CreateRowGroup();
        foreach (var c in numeric) await group.WriteAsync<float>(fields.First(f => f.Name == c), table.Numeric(c));
        foreach (var c in text) await group.WriteAsync(fields.First(f => f.Name == c), table.Text(c));
    }
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
