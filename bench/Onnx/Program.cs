using System.Diagnostics;
using System.Globalization;
using Google.Protobuf;
using Pipeline.Core.Features;
using Pipeline.Core.Models;
using Pipeline.Onnx.Proto;
using Pipeline.Onnx.Runtime;
using Pipeline.Onnx.Scoring;
using Pipeline.Bench.Onnx;
using static Pipeline.Onnx.Proto.OnnxBuilder;
using DataType = Pipeline.Onnx.Proto.TensorProto.Types.DataType;

// The package's API (Microsoft.ML.OnnxRuntime) vs the former hand-written binding's per-call path vs the same call
// from C, all against the one libonnxruntime the package loaded, alternating rounds in one process run.
const int Features = 9;
var iterations = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200_000;
const int Warmup = 20_000;
const int Rounds = 3;
const double Limit = 1.1;

var work = Path.Combine(Path.GetTempPath(), $"pipeline-bench-onnx-{Environment.ProcessId}");
Directory.CreateDirectory(work);
var model = Path.Combine(work, "logistic.onnx");
File.WriteAllBytes(model, LogisticModel(Features));

var options = new SessionOptions { IntraOpThreads = 1, InterOpThreads = 1 };
using var session = InferenceSession.Open(model, options);
var library = InferenceSession.RuntimeLibraryPath;
using var legacy = new LegacyBinding(library, model, Features);
var harness = Path.Combine(work, "harness");
Compile(Path.Combine(AppContext.BaseDirectory, "harness.c"), harness);

Console.WriteLine($"ONNX Runtime {InferenceSession.RuntimeVersion} at {library}");
Console.WriteLine($"model: logistic regression, {Features} features, batch 1; {iterations:N0} timed runs per round, {Rounds} rounds alternating C / old binding / package");

var c = new List<(long P50, long P99)>();
var oldRun = new List<(long P50, long P99, double BytesPerCall)>();
var newRun = new List<(long P50, long P99, double BytesPerCall)>();
var oldScorer = new List<(long P50, long P99, double BytesPerCall)>();
var scorer = new List<(long P50, long P99, double BytesPerCall)>();
for (var round = 0; round < Rounds; round++)
{
    c.Add(RunC(harness, library, model, iterations));
    oldRun.Add(RunLegacy(legacy, iterations));
    newRun.Add(RunBinding(session, iterations));
    oldScorer.Add(RunLegacyScorer(legacy, iterations));
    scorer.Add(RunScorer(session, iterations));
}

var cP50 = Median(c.Select(r => r.P50));
Console.WriteLine();
Console.WriteLine("| path | p50 (µs) | p99 (µs) | managed bytes/call |");
Console.WriteLine("| --- | ---: | ---: | ---: |");
Console.WriteLine($"| C harness (floor): `OrtApi::Run`, pre-bound values | {Us(cP50)} | {Us(Median(c.Select(r => r.P99)))} | – |");
Row("old binding `PreparedRun.Run` (`OrtApi::Run` via function pointers)", oldRun);
Row("package `PreparedRun.Run` (`OrtIoBinding`, `RunWithBinding`)", newRun);
Row("old binding `ModelScorer.Score(batch, 0, 1, span)`", oldScorer);
Row("package `ModelScorer.Score(batch, 0, 1, span)`", scorer);
Console.WriteLine();
var runRatio = (double)Median(newRun.Select(r => r.P50)) / Median(oldRun.Select(r => r.P50));
var scorerRatio = (double)Median(scorer.Select(r => r.P50)) / Median(oldScorer.Select(r => r.P50));
var allocations = Math.Max(newRun.Max(r => r.BytesPerCall), scorer.Max(r => r.BytesPerCall));
Console.WriteLine($"package/old PreparedRun p50 ratio: {runRatio:F3} (limit {Limit}) — {(runRatio <= Limit ? "PASS" : "FAIL")}");
Console.WriteLine($"package/old ModelScorer p50 ratio: {scorerRatio:F3} (limit {Limit}) — {(scorerRatio <= Limit ? "PASS" : "FAIL")}");
Console.WriteLine($"package PreparedRun/C p50 ratio: {(double)Median(newRun.Select(r => r.P50)) / cP50:F3}");
Console.WriteLine($"allocations per call (package paths): {allocations:F2} bytes — {(allocations == 0 ? "PASS" : "FAIL")}");
Directory.Delete(work, recursive: true);
return runRatio <= Limit && scorerRatio <= Limit && allocations == 0 ? 0 : 1;

static void Row(string name, List<(long P50, long P99, double BytesPerCall)> rounds) =>
    Console.WriteLine($"| {name} | {Us(Median(rounds.Select(r => r.P50)))} | {Us(Median(rounds.Select(r => r.P99)))} | {rounds.Max(r => r.BytesPerCall):F2} |");

static unsafe (long, long, double) RunLegacy(LegacyBinding legacy, int iterations)
{
    var (input, inBuffer) = legacy.Allocate(1, Features);
    var (output, outBuffer) = legacy.Allocate(1, 1);
    var x = new Span<float>((void*)inBuffer, Features);
    var times = new long[iterations];
    for (var i = 0; i < Warmup; i++) { x[i % Features] = i & 7; legacy.PreparedRun(&input, &output); }
    var before = GC.GetAllocatedBytesForCurrentThread();
    for (var i = 0; i < iterations; i++)
    {
        x[i % Features] = i & 7;
        var a = Stopwatch.GetTimestamp();
        legacy.PreparedRun(&input, &output);
        times[i] = Stopwatch.GetTimestamp() - a;
    }
    var bytes = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)iterations;
    legacy.Release(input);
    legacy.Release(output);
    System.Runtime.InteropServices.NativeMemory.AlignedFree((void*)inBuffer);
    System.Runtime.InteropServices.NativeMemory.AlignedFree((void*)outBuffer);
    return Percentiles(times, bytes);
}

static (long, long, double) RunLegacyScorer(LegacyBinding legacy, int iterations)
{
    var columns = Enumerable.Range(0, Features).Select(f => new[] { f * 0.5f }).ToArray();
    var destination = new float[1];
    var times = new long[iterations];
    for (var i = 0; i < Warmup; i++) legacy.ScoreOne(columns, 0, destination);
    var before = GC.GetAllocatedBytesForCurrentThread();
    for (var i = 0; i < iterations; i++)
    {
        var a = Stopwatch.GetTimestamp();
        legacy.ScoreOne(columns, 0, destination);
        times[i] = Stopwatch.GetTimestamp() - a;
    }
    var bytes = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)iterations;
    return Percentiles(times, bytes);
}

static (long, long) RunC(string harness, string library, string model, int iterations)
{
    var psi = new ProcessStartInfo(harness) { RedirectStandardOutput = true, RedirectStandardError = true };
    foreach (var a in new[] { library, model, Features.ToString(CultureInfo.InvariantCulture), Warmup.ToString(CultureInfo.InvariantCulture), iterations.ToString(CultureInfo.InvariantCulture) })
        psi.ArgumentList.Add(a);
    using var p = Process.Start(psi)!;
    var output = p.StandardOutput.ReadToEnd();
    var error = p.StandardError.ReadToEnd();
    p.WaitForExit();
    if (p.ExitCode != 0) throw new InvalidOperationException($"C harness failed: {error}");
    var parts = output.Split(' ');
    return (long.Parse(parts[0], CultureInfo.InvariantCulture), long.Parse(parts[1], CultureInfo.InvariantCulture));
}

static (long, long, double) RunBinding(InferenceSession session, int iterations)
{
    using var input = OrtValue.AllocateTensor<float>(1, Features);
    using var output = OrtValue.AllocateTensor<float>(1, 1);
    using var run = session.Prepare([("input", input)], [("probability", output)]);
    var x = input.GetTensorSpan<float>();
    var times = new long[iterations];
    for (var i = 0; i < Warmup; i++) { x[i % Features] = i & 7; run.Run(); }
    var before = GC.GetAllocatedBytesForCurrentThread();
    for (var i = 0; i < iterations; i++)
    {
        x[i % Features] = i & 7;
        var a = Stopwatch.GetTimestamp();
        run.Run();
        times[i] = Stopwatch.GetTimestamp() - a;
    }
    var bytes = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)iterations;
    return Percentiles(times, bytes);
}

static (long, long, double) RunScorer(InferenceSession session, int iterations)
{
    var mapping = new FeatureMapping { Mode = "tensor", Numeric = Enumerable.Range(0, Features).Select(i => $"f{i}").ToList(), TensorInput = "input" };
    using var scorer = ModelScorer.ForSession(session, mapping);
    var batch = new FeatureBatch(1);
    for (var f = 0; f < Features; f++) batch.WithNumeric($"f{f}", [f * 0.5f]);
    var destination = new float[1];
    var times = new long[iterations];
    for (var i = 0; i < Warmup; i++) scorer.Score(batch, 0, 1, destination);
    var before = GC.GetAllocatedBytesForCurrentThread();
    for (var i = 0; i < iterations; i++)
    {
        var a = Stopwatch.GetTimestamp();
        scorer.Score(batch, 0, 1, destination);
        times[i] = Stopwatch.GetTimestamp() - a;
    }
    var bytes = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)iterations;
    return Percentiles(times, bytes);
}

static (long, long, double) Percentiles(long[] ticks, double bytes)
{
    Array.Sort(ticks);
    long Ns(long t) => (long)(t * 1_000_000_000.0 / Stopwatch.Frequency);
    return (Ns(ticks[ticks.Length / 2]), Ns(ticks[(int)(ticks.Length * 0.99)]), bytes);
}

static long Median(IEnumerable<long> values)
{
    var v = values.Order().ToArray();
    return v[v.Length / 2];
}

static string Us(long ns) => (ns / 1000.0).ToString("F2", CultureInfo.InvariantCulture);

static void Compile(string source, string output)
{
    var psi = new ProcessStartInfo("gcc") { RedirectStandardError = true };
    foreach (var a in new[] { "-O2", "-o", output, source, "-ldl" }) psi.ArgumentList.Add(a);
    using var p = Process.Start(psi) ?? throw new InvalidOperationException("gcc did not start");
    var error = p.StandardError.ReadToEnd();
    p.WaitForExit();
    if (p.ExitCode != 0) throw new InvalidOperationException($"gcc failed: {error}");
}

static byte[] LogisticModel(int features)
{
    var g = new GraphProto { Name = "logistic" };
    g.Input.Add(Tensor("input", DataType.Float, "N", features));
    g.Initializer.Add(Floats("W", Enumerable.Range(0, features).Select(i => 0.1f * (i - 4)).ToArray(), features, 1));
    g.Initializer.Add(Floats("B", [-0.5f], 1));
    g.Node.Add(Node("MatMul", ["input", "W"], ["z0"]));
    g.Node.Add(Node("Add", ["z0", "B"], ["z"]));
    g.Node.Add(Node("Sigmoid", ["z"], ["probability"]));
    g.Output.Add(Tensor("probability", DataType.Float, "N", 1));
    return Model(g).ToByteArray();
}
