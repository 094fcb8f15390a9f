using System.Diagnostics;
using Google.Protobuf;
using Pipeline.Benchmarking.Load;
using Pipeline.Serving.Hosting;
using Pipeline.Serving.Model;
using Pipeline.Serving.Protocol;
using Pipeline.Serving.Tests.Support;

namespace Pipeline.Bench.Serving;

/// <summary>Per-request cost of the server's parts without HTTP: parsing a V1 body, one model call of 1 row and of 64 rows.</summary>
internal static class Components
{
    public static int Run()
    {
        var folder = Directory.CreateTempSubdirectory("pipeline-bench-components-").FullName;
        var modelFile = Path.Combine(folder, "model.onnx");
        File.WriteAllBytes(modelFile, TestModels.Build().ToByteArray());
        var options = new ServingOptions { Model = modelFile, Config = TestModels.WriteConfig(folder) };
        var (scorer, model, load) = ModelLoading.Load(options, TimeProvider.System);
        var body = PredictBodies.FromBatch(TestModels.Rows(1))[0];
        var one = TestModels.Rows(1);
        var many = TestModels.Rows(64);
        Console.WriteLine($"model load {load.TotalMilliseconds:0} ms");
        // The load-time batching decision (--batching auto) for the default model and the repository's tensor-input MLP.
        var mlpConfig = Path.Combine(Pipeline.Testing.CheckoutRoot.Path, "models", "breast-cancer", "model.yaml");
        var mlpOptions = new ServingOptions { Model = Path.Combine(Path.GetDirectoryName(mlpConfig)!, "model.onnx"), Config = mlpConfig };
        foreach (var (label, probeOptions) in new[] { ("fraud model", options), ("breast-cancer MLP", mlpOptions) })
        {
            var (probeScorer, probeModel, _) = ModelLoading.Load(probeOptions, TimeProvider.System);
            for (var i = 0; i < 3; i++)
                Console.WriteLine($"batching probe, {label}: {Pipeline.Serving.Batching.BatchingProbe.Decide(probeScorer, probeModel, probeOptions, TimeProvider.System).Reason}");
            probeScorer.Dispose();
        }
        // The request path's own parts for one row, as the server runs them after Kestrel hands over the body (CPU and bytes
        // allocated per request): what the model server spends beyond the hand-written one's parse + model call.
        var mlpBody = BaselineModel.BreastCancer(Pipeline.Testing.CheckoutRoot.Path).Bodies[0];
        foreach (var (label, pathOptions, pathBody) in new[] { ("fraud", options, body), ("mlp", mlpOptions, mlpBody) })
        {
            var (pathScorer, pathModel, _) = ModelLoading.Load(pathOptions, TimeProvider.System);
            var metrics = new Pipeline.Serving.Metrics.ServingMetrics(pathModel);
            var parsed = V1PredictReader.Read(pathBody, pathModel, 1024);
            var scores = pathScorer.Score(parsed.Batch!);
            var buffer = new System.Buffers.ArrayBufferWriter<byte>(512);
            var writer = new System.Text.Json.Utf8JsonWriter(buffer);
            var ids = RequestIds.ForProcess(TimeProvider.System);
            Time($"{label}: parse V1 body (1 row)", 20000, () => V1PredictReader.Read(pathBody, pathModel, 1024));
            Time($"{label}: model call (1 row)", 20000, () => pathScorer.Score(parsed.Batch!));
            Time($"{label}: metrics (batch, scores, features)", 20000, () =>
            {
                metrics.ObserveBatch(1);
                metrics.ObservePredictions(parsed.Batch!, scores);
                metrics.CountRequest("predict", 200, TimeSpan.FromMilliseconds(0.1));
            });
            Time($"{label}: non-finite check + answer JSON", 20000, () =>
            {
                _ = NonFiniteScore.Find(parsed.Batch!, scores);
                buffer.ResetWrittenCount();
                writer.Reset(buffer);
                V1Answer.Write(writer, pathModel, scores);
                writer.Flush();
            });
            Time($"{label}: request id", 20000, () => ids.Next(null));
            Time($"{label}: all of the above", 20000, () =>
            {
                var p = V1PredictReader.Read(pathBody, pathModel, 1024);
                var s = pathScorer.Score(p.Batch!);
                metrics.ObserveBatch(1);
                metrics.ObservePredictions(p.Batch!, s);
                metrics.CountRequest("predict", 200, TimeSpan.FromMilliseconds(0.1));
                _ = NonFiniteScore.Find(p.Batch!, s);
                buffer.ResetWrittenCount();
                writer.Reset(buffer);
                V1Answer.Write(writer, pathModel, s);
                writer.Flush();
                _ = ids.Next(null);
            });
            pathScorer.Dispose();
        }
        Time("parse V1 body (1 row)", 20000, () => V1PredictReader.Read(body, model, 1024));
        Time("score 1 row", 20000, () => scorer.Score(one));
        Time("score 64 rows", 2000, () => scorer.Score(many));
        scorer.Dispose();
        foreach (var (hidden, depth) in new[] { (64, 16), (64, 48) })
        {
            var deep = Path.Combine(folder, $"deep{hidden}x{depth}.onnx");
            File.WriteAllBytes(deep, MlpModel.Build(hidden, depth: depth).ToByteArray());
            var (deepScorer, _, _) = ModelLoading.Load(options with { Model = deep }, TimeProvider.System);
            foreach (var rows in new[] { 1, 32, 64 })
            {
                var batch = TestModels.Rows(rows);
                Time($"MLP {hidden}×{depth}: score {rows} rows", 4000, () => deepScorer.Score(batch), rows);
            }
            deepScorer.Dispose();
        }
        var wide = Path.Combine(folder, "wide1536.onnx");
        File.WriteAllBytes(wide, MlpModel.Build(1536).ToByteArray());
        foreach (var threads in new[] { 1, 2 })
        {
            var (wideScorer, _, _) = ModelLoading.Load(options with { Model = wide, IntraOpThreads = threads }, TimeProvider.System);
            foreach (var rows in new[] { 1, 8, 32, 64 })
            {
                var batch = TestModels.Rows(rows);
                var n = Math.Max(50, 4000 / rows);
                Time($"MLP 1536, {threads} thread(s): score {rows} rows", n, () => wideScorer.Score(batch), rows);
            }
            wideScorer.Dispose();
        }
        Directory.Delete(folder, true);
        return 0;
    }

    private static void Time(string label, int n, Action action, int rows = 1)
    {
        // Long enough for tiered compilation to reach its optimised code (a short warm-up times the JIT, not the code).
        var warm = Stopwatch.StartNew();
        while (warm.Elapsed < TimeSpan.FromSeconds(1.5)) action();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < n; i++) action();
        var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        var perRow = rows > 1 ? $"  ({watch.Elapsed.TotalMicroseconds / n / rows:0.0} µs/row wall)" : "";
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        action();
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Console.WriteLine($"{label,-45} {watch.Elapsed.TotalMicroseconds / n,8:0.0} µs/op wall {cpuUsed.TotalMicroseconds / n,8:0.0} µs/op cpu {allocated,7} B/op{perRow}");
    }
}
