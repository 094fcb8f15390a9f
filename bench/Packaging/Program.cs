using System.Diagnostics;
using System.Globalization;
using Google.Protobuf;
using Pipeline.Onnx.Proto;
using Pipeline.Packaging.Base;
using Pipeline.Packaging.Docker;
using Pipeline.Packaging.Images;
using Pipeline.Packaging.Layers;
using Pipeline.Packaging.Publishing;
using Pipeline.Packaging.Validation;
using static Pipeline.Onnx.Proto.OnnxBuilder;

// PackageImage benchmark: publish (cached), cold package (empty layer cache), warm package (base and app cached, new
// model), compressed size, and container start-to-ready when an engine answers.
// Usage: dotnet run -c Release --project bench/Packaging [-- --repo <root>]
var root = args.Length > 1 && args[0] == "--repo" ? args[1] : FindRoot();
var work = Path.Combine(Path.GetTempPath(), "pipeline-bench-packaging");
Directory.CreateDirectory(work);
var inv = CultureInfo.InvariantCulture;

var sw = Stopwatch.StartNew();
var published = await ServerPublisher.PublishAsync(new ServerPublishOptions
{
    ProjectFile = Path.Combine(root, "src", "Pipeline.Serving", "Pipeline.Serving.csproj"),
    RepositoryRoot = root,
    SourceDirectories = Pipeline.Packaging.Release.ImageRelease.ProjectClosure(Path.Combine(root, "src", "Pipeline.Serving", "Pipeline.Serving.csproj")),
    // Shared with the packaging tests, so one publish of the server serves both.
    CacheDirectory = Path.Combine(Path.GetTempPath(), "pipeline-packaging-publish"),
});
var publishSeconds = sw.Elapsed.TotalSeconds;

var yaml = Path.Combine(work, "model.yaml");
File.WriteAllText(yaml, "name: bench-lr\nfeatures:\n  mode: named\n  numeric: [a, b]\n  probabilityOutput: probability\n");

(PackagedImage Image, double Seconds) Package(string cache, float weight, string archive)
{
    var model = Path.Combine(work, $"model-{weight.ToString(inv)}.onnx");
    File.WriteAllBytes(model, TinyModel(weight));
    var watch = Stopwatch.StartNew();
    var writer = new LayerWriter(cache);
    var baseImage = new OfflineBaseBuilder(writer).Build(new OfflineBaseOptions
    {
        ElfFiles = [.. Directory.EnumerateFiles(published.Directory, "*.so").Order(StringComparer.Ordinal), Path.Combine(published.Directory, "Pipeline.Serving")],
        AppDirectories = [published.Directory],
    });
    var image = new ModelImagePackager(writer).Package(new ModelImageRequest
    {
        AppDirectory = published.Directory, AppExecutable = "Pipeline.Serving", ModelFile = model, ModelConfigFile = yaml,
        Tag = "pipeline-bench/bench-lr:1", HealthcheckCommand = [],
        Labels = new ImageLabels
        {
            Title = "bench-lr", Version = "1", Revision = "bench", Created = DateTimeOffset.FromUnixTimeSeconds(1_767_225_600), Source = root,
            ModelDigest = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(model))),
        },
    }, baseImage, Path.Combine(work, archive));
    return (image, watch.Elapsed.TotalSeconds);
}

var cache = Path.Combine(work, "layers");
if (Directory.Exists(cache))
    Directory.Delete(cache, true);
var cold = Package(cache, 0.5f, "cold.tar");
var warm = Package(cache, 0.75f, "warm.tar");
var warmAgain = Package(cache, 1.25f, "warm2.tar");

double? readySeconds = null;
using (var docker = DockerEngineClient.FromEnvironment())
{
    if (await docker.PingAsync())
    {
        var validation = await new ContainerValidator(docker, TimeProvider.System).ValidateAsync(warm.Image, new ContainerValidationOptions());
        readySeconds = validation.ReadySeconds;
    }
}

string Mb(long bytes) => (bytes / 1_000_000.0).ToString("0.0", inv) + " MB";
var layers = warm.Image.Image.Layers;
Console.WriteLine($"| measure | value |");
Console.WriteLine($"| --- | --- |");
Console.WriteLine($"| publish Pipeline.Serving (trimmed, self-contained) | {publishSeconds.ToString("0.0", inv)} s{(published.FromCache ? " (cached)" : " (cold)")} |");
Console.WriteLine($"| PackageImage cold (empty layer cache) | {cold.Seconds.ToString("0.00", inv)} s |");
Console.WriteLine($"| PackageImage warm (base + app cached, new model) | {warm.Seconds.ToString("0.00", inv)} s, {warmAgain.Seconds.ToString("0.00", inv)} s |");
Console.WriteLine($"| compressed image size | {Mb(warm.Image.CompressedSize)} (base {Mb(layers[0].Descriptor.Size)}, app {Mb(layers[1].Descriptor.Size)}, model {Mb(layers[2].Descriptor.Size)}) |");
Console.WriteLine($"| uncompressed app folder | {Mb(Directory.EnumerateFiles(published.Directory, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length))} (incl. ONNX Runtime {Mb(new FileInfo(Path.Combine(published.Directory, ModelImagePackager.OnnxRuntimeLibraryFile)).Length)}) |");
Console.WriteLine($"| only the model layer changed cold→warm | {cold.Image.Image.Layers.Take(2).Select(l => l.Descriptor.Digest).SequenceEqual(layers.Take(2).Select(l => l.Descriptor.Digest))} |");
Console.WriteLine($"| container start → ready (docker) | {(readySeconds is { } r ? r.ToString("0.00", inv) + " s" : "no engine")} |");
return 0;

static byte[] TinyModel(float weight)
{
    const TensorProto.Types.DataType F = TensorProto.Types.DataType.Float;
    var graph = new GraphProto { Name = "bench-lr" };
    graph.Input.Add(Tensor("a", F, "N", 1L));
    graph.Input.Add(Tensor("b", F, "N", 1L));
    graph.Output.Add(Tensor("probability", F, "N", 2L));
    graph.Initializer.Add(Floats("w", [weight, -1f], 2, 1));
    graph.Initializer.Add(Floats("one", [1f], 1));
    graph.Node.Add(Node("Concat", ["a", "b"], ["x"], "", Attr("axis", 1L)));
    graph.Node.Add(Node("MatMul", ["x", "w"], ["z"]));
    graph.Node.Add(Node("Sigmoid", ["z"], ["p"]));
    graph.Node.Add(Node("Sub", ["one", "p"], ["q"]));
    graph.Node.Add(Node("Concat", ["q", "p"], ["probability"], "", Attr("axis", 1L)));
    return Model(graph, opset: 17).ToByteArray();
}

static string FindRoot()
{
    for (var d = new DirectoryInfo(Environment.CurrentDirectory); d is not null; d = d.Parent)
        if (File.Exists(Path.Combine(d.FullName, "Pipeline.sln")))
            return d.FullName;
    throw new InvalidOperationException("Run from inside the Pipeline checkout or pass --repo <root>.");
}
