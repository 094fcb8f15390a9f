using Pipeline.Packaging.Base;
using Pipeline.Packaging.Images;
using Pipeline.Packaging.Layers;

namespace Pipeline.Packaging.Tests.Support;

/// <summary>Builds images of the TinyServer fixture with the offline base, the way PackageImage builds the model server's.</summary>
public static class TestImages
{
    public static readonly DateTimeOffset CommitTime = DateTimeOffset.FromUnixTimeSeconds(1_767_225_600); // 2026-01-01T00:00:00Z

    /// <summary>Shared layer cache so the offline base is built once per test run.</summary>
    public static string LayerCache { get; } = Path.Combine(Path.GetTempPath(), "pipeline-packaging-layers");

    public static BaseImage OfflineBase(string appDirectory, LayerWriter writer) =>
        new OfflineBaseBuilder(writer).Build(new OfflineBaseOptions
        {
            ElfFiles = NativeFiles(appDirectory),
            AppDirectories = [appDirectory],
        });

    public static IReadOnlyList<string> NativeFiles(string appDirectory) =>
        Directory.EnumerateFiles(appDirectory, "*.so", SearchOption.AllDirectories)
            .Append(Path.Combine(appDirectory, "TinyServer"))
            .Where(File.Exists)
            .Order(StringComparer.Ordinal)
            .ToList();

    public static ModelImageRequest Request(string appDirectory, string modelFile, string tag, IReadOnlyList<string>? serverArguments = null) => new()
    {
        AppDirectory = appDirectory,
        AppExecutable = "TinyServer",
        ModelFile = modelFile,
        Tag = tag,
        ServerArguments = serverArguments ?? ["--host", "0.0.0.0", "--port", "8080"],
        HealthcheckCommand = ["/app/TinyServer", "--healthcheck", "--port", "8080"],
        Labels = new ImageLabels
        {
            Title = "tiny",
            Version = "1",
            Revision = "0123456789abcdef0123456789abcdef01234567",
            Created = CommitTime,
            Source = "https://example.invalid/pipeline",
            ModelDigest = "sha256:" + new string('a', 64),
            DataDigest = "sha256:" + new string('d', 64),
            ContractVersion = "transactions.v1",
            GateResults = new Dictionary<string, string> { ["evaluate.auc"] = "0.91 pass (>= 0.80)" },
        },
    };
}
