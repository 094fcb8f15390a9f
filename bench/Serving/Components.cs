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
        Time("parse V1 body (1 row)", 20000, () => V1PredictReader.Read(body, model, 1024));
        Time("score 1 row", 20000, () => scorer.Score(one));
        Time("score 64 rows", 2000, () => scorer.Score(many));
        scorer.Dispose();
        foreach (var hidden in new[] { 1024, 1536 })
        {
            var wide = Path.Combine(folder, $"wide{hidden}.onnx");
            File.WriteAllBytes(wide, WideModel.Build(hidden).ToByteArray());
            var (wideScorer, _, _) = ModelLoading.Load(options with { Model = wide }, TimeProvider.System);
            Time($"MLP {hidden}: score 1 row", 2000, () => wideScorer.Score(one));
            Time($"MLP {hidden}: score 64 rows", 200, () => wideScorer.Score(many));
            wideScorer.Dispose();
        }
        Directory.Delete(folder, true);
        return 0;
    }

    private static void Time(string label, int n, Action action)
    {
        for (var i = 0; i < n / 10; i++) action();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < n; i++) action();
        var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        Console.WriteLine($"{label,-24} {watch.Elapsed.TotalMicroseconds / n,8:0.0} µs/op wall {cpuUsed.TotalMicroseconds / n,8:0.0} µs/op cpu");
    }
}
