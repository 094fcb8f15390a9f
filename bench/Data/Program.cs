using System.Diagnostics;
using System.Globalization;
using Pipeline.Data.Contracts;
using Pipeline.Data.Generation;
using Pipeline.Data.Validation;

// Validates and profiles a generated transactions CSV and compares its speed with `wc -l` on the same file, in the same run.
// usage: dotnet run -c Release --project bench/Data -- [--rows 10000000] [--file data/generated/bench.csv] [--regenerate]
var rows = 10_000_000;
var file = "data/generated/bench-transactions.csv";
var regenerate = false;
string? contractFile = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--rows": rows = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--file": file = args[++i]; break;
        case "--regenerate": regenerate = true; break;
        case "--contract": contractFile = args[++i]; break;
    }
}
var root = FindRoot();
file = Path.Combine(root, file);
var contract = DataContractLoader.Load(contractFile ?? Path.Combine(root, "data-contracts", "transactions.v1.yaml"));

if (regenerate || !File.Exists(file))
{
    var g = Stopwatch.StartNew();
    TransactionsGenerator.Write(file, rows, 7);
    Console.WriteLine($"generate: {rows:N0} rows, {new FileInfo(file).Length / 1e6:F0} MB in {g.Elapsed.TotalSeconds:F1} s ({new FileInfo(file).Length / 1e6 / g.Elapsed.TotalSeconds:F0} MB/s)");
}
if (args.Contains("--ablate")) Ablation.Run(file);
var bytes = new FileInfo(file).Length;
var mb = bytes / 1e6;

// Warm the page cache so both measurements read from memory, as a CI re-run would.
var wc1 = WcL(file);
var wc = WcL(file);
var wcMbs = mb / wc.Seconds;

var best = double.MaxValue;
var bestCpu = double.MaxValue;
ValidationResult? result = null;
var me = Process.GetCurrentProcess();
for (var run = 0; run < 2; run++)
{
    GC.Collect();
    me.Refresh();
    var cpu0 = me.TotalProcessorTime;
    var sw = Stopwatch.StartNew();
    result = DataValidator.Validate(file, contract, new ValidationOptions { Clock = new FixedClock(TransactionsGenerator.DefaultEnd.AddDays(1)) });
    best = Math.Min(best, sw.Elapsed.TotalSeconds);
    me.Refresh();
    bestCpu = Math.Min(bestCpu, (me.TotalProcessorTime - cpu0).TotalSeconds);
}
var peak = Process.GetCurrentProcess().PeakWorkingSet64 / 1e6;
var mbs = mb / best;
Console.WriteLine($"file: {file} ({mb:F0} MB, {result!.Profile.Rows:N0} rows, {result.Profile.Columns.Count} columns)");
Console.WriteLine($"wc -l: {wc.Seconds:F2} s ({wcMbs:F0} MB/s, {wc.Lines:N0} lines)");
Console.WriteLine($"validate+profile: {best:F2} s ({mbs:F0} MB/s), ratio to wc -l: {best / wc.Seconds:F1}x slower; verdict {result.Verdict.Outcome}, {result.Verdict.Checks.Count} checks");
Console.WriteLine($"cpu time: {bestCpu:F2} s = {mb / bestCpu:F0} MB per cpu-second; on {Environment.ProcessorCount} uncontended cores: {mb / (bestCpu / Environment.ProcessorCount):F0} MB/s; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
Console.WriteLine($"peak working set: {peak:F0} MB; cores: {Environment.ProcessorCount}");
foreach (var c in result.Verdict.Checks.Where(c => c.Outcome != Pipeline.Core.Verdicts.CheckOutcome.Pass)) Console.WriteLine($"  {c.Outcome} {c.Metric}: {c.Observed}");
return mbs >= 200 && peak <= 512 ? 0 : 1;

static (double Seconds, long Lines) WcL(string path)
{
    var sw = Stopwatch.StartNew();
    var p = Process.Start(new ProcessStartInfo("wc", ["-l", path]) { RedirectStandardOutput = true })!;
    var output = p.StandardOutput.ReadToEnd();
    p.WaitForExit();
    return (sw.Elapsed.TotalSeconds, long.Parse(output.Trim().Split(' ')[0], CultureInfo.InvariantCulture));
}

static string FindRoot()
{
    for (var d = new DirectoryInfo(Directory.GetCurrentDirectory()); d is not null; d = d.Parent)
        if (Directory.Exists(Path.Combine(d.FullName, "data-contracts"))) return d.FullName;
    throw new InvalidOperationException("run from inside the repository");
}

sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
