using Pipeline.Core.Verdicts;
using Pipeline.Packaging.Images;
using Pipeline.Packaging.Layers;
using Pipeline.Packaging.Tests.Support;
using Pipeline.Packaging.Validation;

namespace Pipeline.Packaging.Tests.Validation;

public sealed class ContainerValidatorTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    private async Task<PackagedImage> BuildAsync(string tag, IReadOnlyList<string>? serverArguments = null)
    {
        var app = await FixturePublisher.TinyServerAsync();
        var writer = new LayerWriter(TestImages.LayerCache);
        var model = _temp.File("model.onnx");
        File.WriteAllBytes(model, [9, 9, 9]);
        return new ModelImagePackager(writer).Package(
            TestImages.Request(app, model, tag, serverArguments), TestImages.OfflineBase(app, writer), _temp.File("image.tar"));
    }

    [Fact]
    public async Task Validate_WorkingImage_PassesEveryCheckAsNonRootWithReadOnlyRoot()
    {
        using var docker = await DockerRequirement.RequireAsync();
        var image = await BuildAsync("pipeline-test/tiny:ok");
        var options = new ContainerValidationOptions
        {
            ReadyTimeout = TimeSpan.FromSeconds(45),
            GoldenRequests =
            [
                new GoldenRequest
                {
                    Path = "/v2/models/tiny/infer",
                    Body = """{"inputs":[{"name":"x","shape":[3],"datatype":"FP64","data":[1.5,2,-4]}]}""",
                    OutputName = "doubled",
                    Expected = [3.0, 4.0, -8.0],
                },
            ],
        };

        var result = await new ContainerValidator(docker, TimeProvider.System).ValidateAsync(image, options);

        Assert.True(result.Ran);
        Assert.True(result.Verdict.Passed, string.Join("\n", result.Verdict.Checks.Select(c => $"{c.Metric}: {c.Observed} {c.Outcome} {c.Detail}")));
        Assert.Contains(result.Verdict.Checks, c => c.Metric == "runs as non-root" && c.Observed == "uid 10001");
        Assert.Contains(result.Verdict.Checks, c => c.Metric.StartsWith("golden") && c.Outcome == CheckOutcome.Pass);
        Assert.Contains(result.Verdict.Checks, c => c.Metric == "container removed" && c.Outcome == CheckOutcome.Pass);
        Assert.Empty(await docker.ListContainersAsync(true, new Dictionary<string, string> { ["io.pipeline.validation"] = image.Digest }));
    }

    [Fact]
    public async Task Validate_WrongGoldenOutput_FailsWithMismatch()
    {
        using var docker = await DockerRequirement.RequireAsync();
        var image = await BuildAsync("pipeline-test/tiny:golden");
        var options = new ContainerValidationOptions
        {
            GoldenRequests =
            [
                new GoldenRequest
                {
                    Path = "/v2/models/tiny/infer", Body = """{"inputs":[{"name":"x","shape":[2],"datatype":"FP64","data":[1,2]}]}""",
                    OutputName = "doubled", Expected = [2.0, 4.1],
                },
            ],
        };

        var result = await new ContainerValidator(docker, TimeProvider.System).ValidateAsync(image, options);

        var golden = Assert.Single(result.Verdict.Failures);
        Assert.StartsWith("1/2 differ", golden.Observed);
        Assert.Contains("tiny-server listening", golden.Detail);
    }

    [Fact]
    public async Task Validate_ServerCrashesAtStart_FailsWithItsLogAndLeavesNoContainer()
    {
        using var docker = await DockerRequirement.RequireAsync();
        var image = await BuildAsync("pipeline-test/tiny:crash", ["--crash"]);

        var result = await new ContainerValidator(docker, TimeProvider.System)
            .ValidateAsync(image, new ContainerValidationOptions { ReadyTimeout = TimeSpan.FromSeconds(30) });

        Assert.False(result.Verdict.Passed);
        var ready = Assert.Single(result.Verdict.Failures);
        Assert.Equal("ready", ready.Metric);
        Assert.Equal("exited with code 3", ready.Observed);
        Assert.Contains("model file is corrupt", ready.Detail);
        Assert.Contains(result.Logs, l => l.Text.Contains("model file is corrupt"));
        Assert.Contains(result.Verdict.Checks, c => c.Metric == "container removed" && c.Outcome == CheckOutcome.Pass);
        Assert.Empty(await docker.ListContainersAsync(true, new Dictionary<string, string> { ["io.pipeline.validation"] = image.Digest }));
    }

    public void Dispose() => _temp.Dispose();
}
