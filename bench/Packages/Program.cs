using System.Globalization;
using Pipeline.Bench.Packages;

// Issue 23's "figures that must not get worse": ORT per call, server throughput at c=32, ValidateData MB/s and PackageImage size,
// for the commit before the package swap (built in a git worktree) and this tree, in one run, rounds alternating the builds.
// usage: dotnet run -c Release --project bench/Packages -- [--rounds 3] [--figures onnx,serving,data,image] [--before <commit>]
//        [--onnx-runs 100000] [--rows 1000000] [--seconds 4] [--warmup-seconds 4] [--work /tmp/pipeline-bench-packages] [--keep] [--no-build]
var inv = CultureInfo.InvariantCulture;
string Option(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
var rounds = int.Parse(Option("--rounds", "3"), inv);
var figures = Option("--figures", "onnx,serving,data,image").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet();
// 75fbd55 "ONNX Runtime from Microsoft.ML.OnnxRuntime 1.32.0: the C-API binding and npm fetcher go" is the swap; its parent
// is the last commit on the hand-written binding (onnxruntime-node 1.30.0's library, from the per-user cache it filled).
var beforeCommit = Option("--before", "a71e46cb605c2221a904ef75ea02b7a0ee50a809");
var onnxRuns = int.Parse(Option("--onnx-runs", "100000"), inv);
var rows = int.Parse(Option("--rows", "1000000"), inv);
var seconds = double.Parse(Option("--seconds", "4"), inv);
var warmup = double.Parse(Option("--warmup-seconds", "4"), inv);
var work = Option("--work", Path.Combine(Path.GetTempPath(), "pipeline-bench-packages"));
var keep = args.Contains("--keep");
var build = !args.Contains("--no-build");
if (rounds < 1 || figures.Except(["onnx", "serving", "data", "image"]).FirstOrDefault() is { } unknown && unknown.Length > 0)
{
    Console.Error.WriteLine($"--rounds must be ≥ 1 and --figures a list of onnx, serving, data, image (got {rounds}, {string.Join(',', figures)})");
    return 2;
}

var repository = Shell.Run("git", ["rev-parse", "--show-toplevel"]).Trim();
Console.WriteLine($"package swap before/after, {rounds} rounds alternating, {Environment.ProcessorCount} cores, load {File.ReadAllText("/proc/loadavg").Trim()}");
var before = Tree.Before(repository, beforeCommit, work);
var after = Tree.Current(repository);
Tree[] trees = [before, after];
foreach (var t in trees) Console.WriteLine($"{t.Label,-6} {t.Commit} at {t.Root}");

var projects = new List<string>();
if (figures.Contains("onnx")) projects.Add(OnnxPerCall.Project);
if (figures.Contains("data")) projects.Add(ValidateThroughput.Project);
if (figures.Contains("serving")) projects.Add(ServingThroughput.Project);
if (figures.Contains("image")) projects.Add(ImageSize.Project);
if (build) foreach (var t in trees) t.Build(projects);

// Round r runs before then after when r is odd, after then before when even, so a drift in machine load hits both alike.
IEnumerable<Tree> Order(int round) => round % 2 == 1 ? trees : trees.Reverse();
var results = new List<Figure>();
var exit = 0;

if (figures.Contains("onnx"))
{
    var run = new Figure("ORT per call: `PreparedRun.Run` p50 (batch 1)", "µs", higherIsBetter: false, 0.10);
    var scorer = new Figure("ORT per call: `ModelScorer.Score` p50 (batch 1)", "µs", higherIsBetter: false, 0.10);
    // The C harness is each build's library on its own (onnxruntime-node 1.30.0 vs the package's 1.32.0): context for the two
    // project paths above, not a figure of the project's code.
    var c = new Figure("ORT per call: C harness p50 (each build's library)", "µs", higherIsBetter: false, 0.10, judged: false);
    for (var round = 1; round <= rounds; round++)
        foreach (var t in Order(round))
        {
            var load = Shell.Load();
            var m = OnnxPerCall.Measure(t, onnxRuns);
            run.Add(t.Label, m.Run); scorer.Add(t.Label, m.Scorer); c.Add(t.Label, m.C);
            foreach (var f in new[] { run, scorer, c }) f.Loads.Add(load);
            Console.WriteLine($"round {round} onnx    {t.Label,-6} PreparedRun {m.Run:F2} µs, ModelScorer {m.Scorer:F2} µs, C {m.C:F2} µs (load {load})");
        }
    results.AddRange([run, scorer, c]);
}

if (figures.Contains("serving"))
{
    await using var serving = await ServingThroughput.StartAsync(trees, work, warmup);
    var throughput = ServingThroughput.Modes.ToDictionary(m => m, m => new Figure($"server throughput c=32, batching {m}", "req/s", higherIsBetter: true, 0.10));
    var cpu = ServingThroughput.Modes.ToDictionary(m => m, m => new Figure($"server CPU per request c=32, batching {m}", "µs", higherIsBetter: false, 0.10));
    for (var round = 1; round <= rounds; round++)
        foreach (var mode in ServingThroughput.Modes)
            foreach (var t in Order(round))
            {
                var load = Shell.Load();
                var m = await serving.MeasureAsync(t.Label, mode, seconds);
                throughput[mode].Add(t.Label, m.Throughput); cpu[mode].Add(t.Label, m.CpuUs);
                throughput[mode].Loads.Add(load); cpu[mode].Loads.Add(load);
                Console.WriteLine($"round {round} serving {t.Label,-6} batching {mode,-3} {m.Throughput,7:0} req/s  p99 {m.P99,7:0.00} ms  server {m.CpuUs,6:0.0} µs/req  errors {m.Errors} (load {load})");
                if (m.Errors > 0) exit = 1;
            }
    foreach (var mode in ServingThroughput.Modes) results.AddRange([throughput[mode], cpu[mode]]);
}

if (figures.Contains("data"))
{
    var file = Path.Combine(work, $"transactions-{rows}.csv");
    ValidateThroughput.Generate(after, file, rows);
    var wall = new Figure($"ValidateData wall ({new FileInfo(file).Length / 1e6:F0} MB CSV)", "MB/s", higherIsBetter: true, 0.10);
    var cpu = new Figure("ValidateData per CPU-second", "MB/cpu-s", higherIsBetter: true, 0.10);
    for (var round = 1; round <= rounds; round++)
        foreach (var t in Order(round))
        {
            var load = Shell.Load();
            var m = ValidateThroughput.Measure(t, file);
            wall.Add(t.Label, m.MbPerSecond); cpu.Add(t.Label, m.MbPerCpuSecond);
            wall.Loads.Add(load); cpu.Loads.Add(load);
            Console.WriteLine($"round {round} data    {t.Label,-6} {m.MbPerSecond:F0} MB/s, {m.MbPerCpuSecond:F0} MB per cpu-s (load {load})");
        }
    results.AddRange([wall, cpu]);
}

if (figures.Contains("image"))
{
    // Deterministic (same inputs, same bytes): one measurement per build is the figure.
    var size = new Figure("PackageImage compressed size", "MB", higherIsBetter: false, 0.0);
    var folder = new Figure("app folder uncompressed (incl. ONNX Runtime)", "MB", higherIsBetter: false, 0.0);
    foreach (var t in trees)
    {
        var load = Shell.Load();
        var m = ImageSize.Measure(t);
        size.Add(t.Label, m.Compressed); folder.Add(t.Label, m.Folder);
        size.Loads.Add(load); folder.Loads.Add(load);
        Console.WriteLine($"image   {t.Label,-6} {m.Compressed:F1} MB compressed (base {m.Base:F1}, app {m.App:F1}); app folder {m.Folder:F1} MB incl. ONNX Runtime {m.Ort:F1} MB (load {load})");
    }
    results.AddRange([size, folder]);
}

Console.WriteLine();
Console.WriteLine(Figure.Head());
foreach (var f in results) Console.WriteLine(f.Row());
Console.WriteLine();
Console.WriteLine($"load at end {File.ReadAllText("/proc/loadavg").Trim()}");
if (!keep)
{
    before.Remove(repository);
    Console.WriteLine($"removed the worktree {before.Root} (--keep keeps it and its build for the next run)");
}
return results.All(f => f.NotWorse) ? exit : 1;
