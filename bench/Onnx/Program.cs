using System.Diagnostics;
using System.Globalization;
using Google.Protobuf;
using Pipeline.Core.Features;
using Pipeline.Core.Models;
using Pipeline.Onnx.Proto;
using Pipeline.Onnx.Runtime;
using Pipeline.Onnx.Scoring;
using static Pipeline.Onnx.Proto.OnnxBuilder;
using DataType = Pipeline.Onnx.Proto.TensorProto.Types.DataType;

// Binding Run vs the same call from C against the same libonnxruntime, alternating rounds in one process run.
const int Features = 9;
var iterations = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200_000;
const int Warmup = 20_000;
const int Rounds = 3;

var work = Path.Combine(Path.GetTempPath(), $"pipeline-bench-onnx-{Environment.ProcessId}");
Directory.CreateDirectory(work);
var model = Path.Combine(work, "logistic.onnx");
File.WriteAllBytes(model, LogisticModel(Features));

var options = new SessionOptions { IntraOpThreads = 1, InterOpThreads = 1 };
using var session = InferenceSession.Open(model, options);   // also locates (or fetches) the library
var library = InferenceSession.RuntimeLibraryPath;
var harness = Path.Combine(work, "harness");
Compile(Path.Combine(AppContext.BaseDirectory, "harness.c"), harness);

Console.WriteLine($"ONNX Runtime {InferenceSession.RuntimeVersion} at {library}");
Console.WriteLine($"model: logistic regression, {Features} features, batch 1; {iterations:N0} timed runs per round, {Rounds} rounds alternating C / C#");

var c = new List<(long P50, long P99)>();
var cs = new List<(long P50, long P99, double BytesPerCall)>();
var scorer = new List<(long P50, long P99, double BytesPerCall)>();
for (var round = 0; round < Rounds; round++)
{
    c.Add(RunC(harness, library, model, iterations));
    cs.Add(RunBinding(session, iterations));
    scorer.Add(RunScorer(session, iterations));
}

var cP50 = Median(c.Select(r => r.P50));
var csP50 = Median(cs.Select(r => r.P50));
var scP50 = Median(scorer.Select(r => r.P50));
Console.WriteLine();
Console.WriteLine("| path | p50 (µs) | p99 (µs) | managed bytes/call |");
Console.WriteLine("| --- | ---: | ---: | ---: |");
Console.WriteLine($"| C harness (floor) | {Us(cP50)} | {Us(Median(c.Select(r => r.P99)))} | – |");
Console.WriteLine($"| binding PreparedRun.Run | {Us(csP50)} | {Us(Median(cs.Select(r => r.P99)))} | {cs.Max(r => r.BytesPerCall):F2} |");
Console.WriteLine($"| ModelScorer.Score(batch, 0, 1, span) | {Us(scP50)} | {Us(Median(scorer.Select(r => r.P99)))} | {scorer.Max(r => r.BytesPerCall):F2} |");
Console.WriteLine();
var ratio = (double)csP50 / cP50;
Console.WriteLine($"binding/C p50 ratio: {ratio:F3} (limit 1.5) — {(ratio <= 1.5 ? "PASS" : "FAIL")}");
Console.WriteLine($"allocations per Run: {cs.Max(r => r.BytesPerCall):F2} bytes — {(cs.Max(r => r.BytesPerCall) == 0 ? "PASS" : "FAIL")}");
Directory.Delete(work, recursive: true);
return ratio <= 1.5 && cs.Max(r => r.BytesPerCall) == 0 ? 0 : 1;

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
