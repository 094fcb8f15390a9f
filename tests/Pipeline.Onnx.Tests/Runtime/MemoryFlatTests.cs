using System.Diagnostics;
using Pipeline.Onnx.Runtime;
using Pipeline.Onnx.Tests.Support;
using Xunit.Abstractions;

namespace Pipeline.Onnx.Tests.Runtime;

[Collection(SerialCollection.Name)]
/// <summary>Long run loops keep resident memory flat: every native value, name and status is released.</summary>
public sealed class MemoryFlatTests(ITestOutputHelper output)
{
    private const long MaxGrowthBytes = 24L * 1024 * 1024;

    /// <summary>Runs per loop; PIPELINE_ONNX_LOOP_RUNS overrides (default 1,000,000).</summary>
    private static int Runs => int.TryParse(Environment.GetEnvironmentVariable("PIPELINE_ONNX_LOOP_RUNS"), out var n) ? n : 1_000_000;

    [Fact]
    public void PreparedRun_MillionRuns_RssStaysFlat()
    {
        using var s = InferenceSession.FromBytes(TestModels.LogisticTensor([0.1f, 0.2f, 0.3f, 0.4f], 0f), new SessionOptions { IntraOpThreads = 1 });
        using var input = OrtValue.AllocateTensor<float>(1, 4);
        using var probability = OrtValue.AllocateTensor<float>(1, 1);
        using var run = s.Prepare([("input", input)], [("probability", probability)]);
        var x = input.GetTensorSpan<float>();
        for (var i = 0; i < 20_000; i++) run.Run();
        var before = Rss();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Runs; i++)
        {
            x[i & 3] = i & 7;
            run.Run();
        }
        clock.Stop();
        var growth = Rss() - before;
        output.WriteLine($"{Runs:N0} prepared runs in {clock.Elapsed.TotalSeconds:F1} s; RSS growth {growth / 1024.0 / 1024.0:F1} MiB");
        Assert.True(growth < MaxGrowthBytes, $"RSS grew {growth / 1024 / 1024} MiB over {Runs} runs");
    }

    [Fact]
    public void ManagedRun_WithStringsAndMaps_RssStaysFlat()
    {
        using var s = InferenceSession.Open(TestPaths.TestData("zipmap_string_classifier.onnx"), new SessionOptions { IntraOpThreads = 1 });
        var data = new[] { 0.5f, 0.1f, 2f };
        void Once()
        {
            using var x = OrtValue.CreateTensor(data, 1, 3);
            var r = s.Run(("float_input", x));
            Assert.Equal(2, ((OnnxMap)((OnnxSequence)r["output_probability"]).Items[0]).Keys.Data.Length);
        }
        for (var i = 0; i < 5_000; i++) Once();
        GC.Collect();
        var before = Rss();
        var runs = Math.Min(Runs, 100_000);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < runs; i++) Once();
        GC.Collect();
        var growth = Rss() - before;
        output.WriteLine($"{runs:N0} managed runs (string ZipMap) in {clock.Elapsed.TotalSeconds:F1} s; RSS growth {growth / 1024.0 / 1024.0:F1} MiB");
        Assert.True(growth < MaxGrowthBytes, $"RSS grew {growth / 1024 / 1024} MiB over {runs} runs");
    }

    private static long Rss()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
        throw new InvalidOperationException("VmRSS not found in /proc/self/status");
    }
}
