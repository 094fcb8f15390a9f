namespace Pipeline.Onnx.Tests.Support;

internal static class TestPaths
{
    public static string TestData(string file) => Path.Combine(AppContext.BaseDirectory, "TestData", file);

    /// <summary>The committed TestData folder in the source tree (for regenerating files).</summary>
    public static string SourceTestData(string file, [System.Runtime.CompilerServices.CallerFilePath] string caller = "") =>
        Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(caller))!, "TestData", file);

    public static string TempDirectory()
    {
        var dir = Path.Combine(Path.GetTempPath(), "pipeline-onnx-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}
