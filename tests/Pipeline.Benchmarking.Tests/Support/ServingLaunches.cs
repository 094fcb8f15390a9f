using Pipeline.Benchmarking.Load;
using Pipeline.Benchmarking.Servers;
using Pipeline.Serving.Tests.Support;

namespace Pipeline.Benchmarking.Tests.Support;

/// <summary>Launches of the real Pipeline.Serving executable (copied beside the tests) on a real ONNX model.</summary>
public sealed class ServingLaunches : IDisposable
{
    private readonly TempFolder _folder = new();

    public ServingLaunches()
    {
        ModelFile = TestModels.WriteModel(_folder.Path);
        ConfigFile = TestModels.WriteConfig(_folder.Path);
    }

    public string ModelFile { get; }
    public string ConfigFile { get; }
    public static string Executable => Path.Combine(AppContext.BaseDirectory, "Pipeline.Serving.dll");

    public ServerLaunch Default(string label = "candidate", string version = "2", params string[] extra) =>
        ServerLaunch.ForPipelineServing(label, Executable, ModelFile, ConfigFile, "fraud-detector", version, label, extra);

    /// <summary>The same model made slow on purpose through the server's test hook (it sleeps, costing time but no CPU).</summary>
    public ServerLaunch Slow(double extraMs, string label = "candidate") => WithTestHook(label, "--test-extra-latency-ms", extraMs);

    /// <summary>The same model made costlier on purpose through the server's test hook (it spins on the CPU for every row).</summary>
    public ServerLaunch Costly(double extraCpuMicroseconds, string label = "candidate") => WithTestHook(label, "--test-extra-cpu-us", extraCpuMicroseconds);

    private ServerLaunch WithTestHook(string label, string option, double value) =>
        ServerLaunch.ForPipelineServing(label, Executable, ModelFile, ConfigFile, "fraud-detector", "3", label,
            [option, value.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            new Dictionary<string, string> { ["PIPELINE_SERVING_TEST_HOOKS"] = "1" });

    public static IReadOnlyList<byte[]> Bodies() => PredictBodies.FromBatch(TestModels.Rows(64), rowsPerRequest: 1);

    public void Dispose() => _folder.Dispose();
}
