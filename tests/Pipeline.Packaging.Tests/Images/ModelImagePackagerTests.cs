using System.Formats.Tar;
using System.Text.Json;
using Pipeline.Packaging.Images;
using Pipeline.Packaging.Layers;
using Pipeline.Packaging.Oci;
using Pipeline.Packaging.Tests.Support;

namespace Pipeline.Packaging.Tests.Images;

public sealed class ModelImagePackagerTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    private async Task<(PackagedImage Image, string Model)> BuildAsync(string cache, byte[] model, string archive)
    {
        var app = await FixturePublisher.TinyServerAsync();
        var writer = new LayerWriter(cache);
        var modelFile = _temp.File(Guid.NewGuid().ToString("N") + ".onnx");
        File.WriteAllBytes(modelFile, model);
        var image = new ModelImagePackager(writer).Package(
            TestImages.Request(app, modelFile, "pipeline/tiny:1"), TestImages.OfflineBase(app, writer), _temp.File(archive));
        return (image, modelFile);
    }

    [Fact]
    public void CheckOnnxRuntime_MissingOrForeignLibrary_SaysWhichAndHowToPublish()
    {
        var app = _temp.Subdirectory("app");
        var missing = Assert.Throws<FileNotFoundException>(() => ModelImagePackager.CheckOnnxRuntime(app, required: true));
        Assert.Contains("libonnxruntime.so", missing.Message);
        Assert.Contains("-r linux-x64", missing.Message);
        ModelImagePackager.CheckOnnxRuntime(app, required: false);
        File.WriteAllBytes(Path.Combine(app, "libonnxruntime.so"), [0x7f, 0x45, 0x4c, 0x46]);
        File.WriteAllBytes(Path.Combine(app, "onnxruntime.dll"), [0x4d, 0x5a]);
        var foreign = Assert.Throws<InvalidOperationException>(() => ModelImagePackager.CheckOnnxRuntime(app, required: true));
        Assert.Contains("onnxruntime.dll", foreign.Message);
        File.Delete(Path.Combine(app, "onnxruntime.dll"));
        ModelImagePackager.CheckOnnxRuntime(app, required: true);
    }

    [Fact]
    public async Task Package_SameInputsTwiceWithEmptyCaches_GivesSameDigestAndSameArchiveBytes()
    {
        var (first, _) = await BuildAsync(_temp.Subdirectory("cache-a"), [1, 2, 3], "a.tar");
        var (second, _) = await BuildAsync(_temp.Subdirectory("cache-b"), [1, 2, 3], "b.tar");

        Assert.Equal(first.Digest, second.Digest);
        Assert.Equal(first.ImageId, second.ImageId);
        Assert.Equal(Sha(first.ArchivePath), Sha(second.ArchivePath));
    }

    [Fact]
    public async Task Package_OnlyModelChanged_ChangesOnlyTheModelLayer()
    {
        var cache = _temp.Subdirectory("cache");
        var (first, _) = await BuildAsync(cache, [1, 2, 3], "a.tar");
        var (second, _) = await BuildAsync(cache, [1, 2, 4], "b.tar");

        Assert.NotEqual(first.Digest, second.Digest);
        var a = first.Image.Manifest.Layers.Select(l => l.Digest).ToList();
        var b = second.Image.Manifest.Layers.Select(l => l.Digest).ToList();
        Assert.Equal(3, a.Count);
        Assert.Equal(a[..^1], b[..^1]);
        Assert.NotEqual(a[^1], b[^1]);
    }

    [Fact]
    public async Task Package_Config_HasLabelsNonRootUserPortHealthcheckAndEntrypoint()
    {
        var (image, _) = await BuildAsync(_temp.Subdirectory("cache"), [1, 2, 3], "a.tar");
        var config = image.Image.Config.Config;
        var labels = config.Labels!;

        Assert.Equal("tiny", labels["org.opencontainers.image.title"]);
        Assert.Equal("1", labels["org.opencontainers.image.version"]);
        Assert.Equal("0123456789abcdef0123456789abcdef01234567", labels["org.opencontainers.image.revision"]);
        Assert.Equal("2026-01-01T00:00:00Z", labels["org.opencontainers.image.created"]);
        Assert.Equal("https://example.invalid/pipeline", labels["org.opencontainers.image.source"]);
        Assert.Equal("sha256:" + new string('a', 64), labels["io.pipeline.model.digest"]);
        Assert.Equal("sha256:" + new string('d', 64), labels["io.pipeline.data.digest"]);
        Assert.Equal("transactions.v1", labels["io.pipeline.contract"]);
        Assert.Equal("0.91 pass (>= 0.80)", labels["io.pipeline.gate.evaluate.auc"]);
        Assert.StartsWith("offline:", labels["io.pipeline.base"]);
        Assert.Equal("10001:10001", config.User);
        Assert.Equal(["8080/tcp", "8081/tcp"], config.ExposedPorts!.Keys);
        Assert.Equal(["CMD", "/app/TinyServer", "--healthcheck", "--port", "8080"], config.Healthcheck!.Test);
        Assert.Equal("/app/TinyServer", config.Entrypoint![0]);
        Assert.Equal("2026-01-01T00:00:00Z", image.Image.Config.Created);
    }

    [Fact]
    public async Task Package_Archive_IsBothOciLayoutAndDockerArchive()
    {
        var (image, _) = await BuildAsync(_temp.Subdirectory("cache"), [1, 2, 3], "a.tar");
        var files = new Dictionary<string, byte[]>();
        using (var tar = new TarReader(File.OpenRead(image.ArchivePath)))
        {
            while (tar.GetNextEntry() is { } e)
            {
                if (e.DataStream is null)
                    continue;
                using var ms = new MemoryStream();
                e.DataStream.CopyTo(ms);
                files[e.Name] = ms.ToArray();
            }
        }

        Assert.Contains("oci-layout", files.Keys);
        var index = OciJson.Deserialize<ImageIndex>(files["index.json"]);
        Assert.Equal(image.Digest, index.Manifests.Single().Digest);
        using var docker = JsonDocument.Parse(files["manifest.json"]);
        var entry = docker.RootElement[0];
        Assert.Equal("blobs/sha256/" + OciJson.Hex(image.ImageId), entry.GetProperty("Config").GetString());
        Assert.Equal("pipeline/tiny:1", entry.GetProperty("RepoTags")[0].GetString());
        // Every blob is named by the sha256 of its bytes.
        foreach (var (name, bytes) in files.Where(f => f.Key.StartsWith("blobs/sha256/")))
            Assert.Equal("sha256:" + name["blobs/sha256/".Length..], OciJson.Digest(bytes));
        Assert.Equal(image.Image.Layers.Count + 2, files.Keys.Count(k => k.StartsWith("blobs/")));
    }

    private static string Sha(string file) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file)));

    public void Dispose() => _temp.Dispose();
}
