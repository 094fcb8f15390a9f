using System.Globalization;
using System.Text.Json;
using Pipeline.Core.Verdicts;
using Pipeline.Onnx.Runtime;
using Pipeline.Packaging.Images;
using Pipeline.Packaging.Layers;
using Pipeline.Packaging.Tests.Support;
using Pipeline.Packaging.Validation;

namespace Pipeline.Packaging.Tests.Serving;

/// <summary>The real model server (Pipeline.Serving + ONNX Runtime) packaged on the offline base and run in Docker.</summary>
public sealed class ServingImageTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    private async Task<PackagedImage> PackageAsync(byte[] model, string tag)
    {
        var app = await FixturePublisher.ServingAsync();
        var writer = new LayerWriter(TestImages.LayerCache);
        var modelFile = _temp.File("model.onnx");
        var yamlFile = _temp.File("model.yaml");
        File.WriteAllBytes(modelFile, model);
        File.WriteAllText(yamlFile, TinyOnnxModel.Yaml);
        var baseImage = new Base.OfflineBaseBuilder(writer).Build(new Base.OfflineBaseOptions
        {
            ElfFiles = [.. Directory.EnumerateFiles(app, "*.so").Order(StringComparer.Ordinal), Path.Combine(app, "Pipeline.Serving")],
            AppDirectories = [app],
        });
        var request = new ModelImageRequest
        {
            AppDirectory = app,
            AppExecutable = "Pipeline.Serving",
            ModelFile = modelFile,
            ModelConfigFile = yamlFile,
            Tag = tag,
            HealthcheckCommand = [],
            Labels = TestImages.Request(app, modelFile, tag).Labels with { Title = "tiny-lr" },
        };
        return new ModelImagePackager(writer).Package(request, baseImage, _temp.File("image.tar"));
    }

    [Fact]
    public async Task ServerPublish_CarriesTheLinuxOnnxRuntimeFromThePackageAndNoOtherPlatforms()
    {
        var app = await FixturePublisher.ServingAsync();
        var library = Path.Combine(app, ModelImagePackager.OnnxRuntimeLibraryFile);
        Assert.True(File.Exists(library), $"{library} missing");
        Assert.Equal("\u007fELF"u8.ToArray(), File.ReadAllBytes(library)[..4]);
        var files = Directory.EnumerateFiles(app, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(app, f)).ToList();
        Assert.DoesNotContain(files, f => f.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) && Path.GetFileName(f).StartsWith("onnxruntime", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(files, f => f.EndsWith(".dylib", StringComparison.Ordinal) || f.StartsWith("runtimes", StringComparison.Ordinal));
        ModelImagePackager.CheckOnnxRuntime(app, required: true);
    }

    [Fact]
    public async Task Image_RunInDocker_AnswersInferWithInProcessOnnxRuntimeOutputs()
    {
        using var docker = await DockerRequirement.RequireAsync();
        var model = TinyOnnxModel.Bytes();
        var image = await PackageAsync(model, "pipeline-test/tiny-lr:1");

        float[] a = [0f, 1.5f, -2f, 3.25f, 10f], b = [0f, 0.5f, 1f, -4f, 2.5f];
        using var session = InferenceSession.FromBytes(model);
        using var av = OrtValue.CreateTensor(a, a.Length, 1);
        using var bv = OrtValue.CreateTensor(b, b.Length, 1);
        var probability = ((OnnxTensor)session.Run(("a", av), ("b", bv))["probability"]).As<float>();
        var expected = Enumerable.Range(0, a.Length).Select(i => (double)probability[2 * i + 1]).ToList();
        var body = JsonSerializer.Serialize(new
        {
            inputs = new object[]
            {
                new { name = "a", shape = new[] { a.Length, 1 }, datatype = "FP32", data = a },
                new { name = "b", shape = new[] { b.Length, 1 }, datatype = "FP32", data = b },
            },
        });

        var result = await new ContainerValidator(docker, TimeProvider.System).ValidateAsync(image, new ContainerValidationOptions
        {
            ReadyTimeout = TimeSpan.FromSeconds(60),
            GrpcContainerPort = 8081,
            GoldenRequests = [new GoldenRequest { Path = "/v2/models/tiny-lr/infer", Body = body, OutputName = "probability", Expected = expected, RelativeTolerance = 1e-5, AbsoluteTolerance = 1e-6 }],
        });

        Assert.True(result.Verdict.Passed, Describe(result));
        var golden = Assert.Single(result.Verdict.Checks, c => c.Metric.StartsWith("golden /", StringComparison.Ordinal));
        Assert.Equal(CheckOutcome.Pass, golden.Outcome);
        Assert.Equal(5, golden.SampleSize);
        // Both ports: the same golden request as a gRPC ModelInfer call gives the same outputs.
        var grpcGolden = Assert.Single(result.Verdict.Checks, c => c.Metric == "golden grpc ModelInfer probability");
        Assert.Equal((CheckOutcome.Pass, (long?)5), (grpcGolden.Outcome, grpcGolden.SampleSize));
        Assert.Contains(result.Verdict.Checks, c => c.Metric == "grpc ready" && c.Outcome == CheckOutcome.Pass);
        Assert.Contains(result.Verdict.Checks, c => c.Metric == "runs as non-root" && c.Observed == "uid 10001");
    }

    [Fact]
    public async Task Image_ModelThatCrashesTheServer_FailsValidationWithTheServerLog()
    {
        using var docker = await DockerRequirement.RequireAsync();
        var image = await PackageAsync("this is not an onnx model"u8.ToArray(), "pipeline-test/tiny-lr:broken");

        var result = await new ContainerValidator(docker, TimeProvider.System)
            .ValidateAsync(image, new ContainerValidationOptions { ReadyTimeout = TimeSpan.FromSeconds(60) });

        Assert.False(result.Verdict.Passed);
        var ready = Assert.Single(result.Verdict.Failures);
        Assert.Equal("ready", ready.Metric);
        Assert.StartsWith("exited with code", ready.Observed);
        Assert.Contains("model_load_failed", ready.Detail);
        Assert.Contains(result.Verdict.Checks, c => c.Metric == "container removed" && c.Outcome == CheckOutcome.Pass);
    }

    private static string Describe(ContainerValidation result) =>
        string.Join("\n", result.Verdict.Checks.Select(c => $"{c.Metric}: {c.Observed} [{c.Outcome}] {c.Detail}")) + "\n" + string.Join("\n", result.Verdict.Notes);

    public void Dispose() => _temp.Dispose();
}
