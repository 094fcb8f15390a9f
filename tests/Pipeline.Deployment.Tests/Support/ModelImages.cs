using Pipeline.Deployment.Targets.Docker;
using Pipeline.Packaging.Base;
using Pipeline.Packaging.Docker;
using Pipeline.Packaging.Images;
using Pipeline.Packaging.Layers;

namespace Pipeline.Deployment.Tests.Support;

/// <summary>Model images of the default model, built the way PackageImage builds them (offline base + server + model) and loaded into the engine.</summary>
public static class ModelImages
{
    public static string PublishRoot { get; } = Path.Combine(Path.GetTempPath(), "pipeline-deploy-publish");

    /// <summary>What serving needs inside the image: name and feature mapping (no data contract, which only the build reads).</summary>
    public const string ImageYaml = """
        name: fraud-detector
        features:
          mode: named
          numeric: [amount, hour, customer_age, txn_count_1h, amount_sum_24h, distance_from_home_km]
          categorical: [merchant_category, country, card_present]
          probabilityOutput: probability
        """;

    public static async Task<string> BuildAndLoadAsync(DockerEngineClient engine, string workDirectory, string version, string modelFile)
    {
        var app = await SelfContainedPublisher.PublishAsync(Path.Combine(RepoRoot.Path, "src", "Pipeline.Serving"), PublishRoot, CancellationToken.None);
        var writer = new LayerWriter(Path.Combine(Path.GetTempPath(), "pipeline-deploy-layers"));
        var baseImage = new OfflineBaseBuilder(writer).Build(new OfflineBaseOptions
        {
            ElfFiles = [.. Directory.EnumerateFiles(app, "*.so").Order(StringComparer.Ordinal), Path.Combine(app, "Pipeline.Serving")],
            AppDirectories = [app],
        });
        var yaml = Path.Combine(workDirectory, "image-model.yaml");
        await File.WriteAllTextAsync(yaml, ImageYaml);
        var tag = $"pipeline-test/fraud-detector:{version}";
        var packaged = new ModelImagePackager(writer).Package(new ModelImageRequest
        {
            AppDirectory = app,
            AppExecutable = "Pipeline.Serving",
            ModelFile = modelFile,
            ModelConfigFile = yaml,
            Tag = tag,
            HealthcheckCommand = [],
            Labels = new ImageLabels
            {
                Title = "fraud-detector", Version = version, Revision = new string('0', 40), Created = DateTimeOffset.UnixEpoch,
                Source = "https://example.invalid/pipeline", ModelDigest = "sha256:" + new string('a', 64),
            },
        }, baseImage, Path.Combine(workDirectory, $"image-{version}.tar"));
        await engine.LoadImageAsync(packaged.ArchivePath);
        return tag;
    }
}
