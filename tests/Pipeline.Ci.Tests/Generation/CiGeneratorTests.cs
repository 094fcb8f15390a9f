using Pipeline.Ci.Generation;
using Pipeline.Ci.Tests.Support;
using Pipeline.Testing;

namespace Pipeline.Ci.Tests.Generation;

public sealed class CiGeneratorTests
{
    [GitHubActions("ci", PushTargets = new[] { "Deploy", "BenchmarkGate", "Package" })]
    private sealed class MisspelledBuild : Pipeline.Build.NukeBuild
    {
        Pipeline.Build.Target Setup => _ => _.Executes(() => { });
        Pipeline.Build.Target BenchmarkGate => _ => _.DependsOn(Setup).Executes(() => { });
    }

    [Fact]
    public void Discover_GateBuild_ReadsTargetsAndDependenciesInDeclarationOrder()
    {
        var graph = CiGraph.Discover(new GateBuild());

        Assert.Equal(["Setup", "ValidateData", "Train", "EvaluateGate", "BenchmarkGate", "DeployCanary"], graph.Targets.Select(t => t.Name));
        Assert.Equal(["EvaluateGate"], graph.Find("benchmarkgate")!.DependsOn);
    }

    [Fact]
    public void Generate_UnknownTargets_ListsThemAndTheAvailableTargets()
    {
        var e = Assert.Throws<CiGenerationException>(() => CiGenerator.Generate(new MisspelledBuild()));

        Assert.Equal(
            "[GitHubActions(\"ci\")] PushTargets names targets \"Deploy\", \"Package\" that the build graph does not have. Available targets: Setup, BenchmarkGate. " +
            "Fix the name in build/Build.CI.cs, or add the target, then run ./build.sh GenerateCi.", e.Message);
    }

    [Fact]
    public async Task Generate_GateBuild_Workflow()
    {
        var file = Assert.Single(CiGenerator.Generate(new GateBuild()));

        Assert.Equal(".github/workflows/pipeline.yml", file.Path);
        Yaml.Parse(file.Content);
        await Snapshot.Verify(file.Content);
    }

    [Theory]
    [InlineData("on")]
    [InlineData("true")]
    [InlineData("No")]
    [InlineData("1.0")]
    [InlineData("0x1F")]
    [InlineData("-1")]
    [InlineData("")]
    [InlineData(": x")]
    [InlineData("a: b")]
    [InlineData("a #b")]
    [InlineData("#x")]
    [InlineData("it's")]
    [InlineData("'quoted'")]
    [InlineData("* star")]
    [InlineData("${{ github.event_name == 'pull_request' }}")]
    [InlineData("nuget | \"$(Agent.OS)\" | **/*.csproj")]
    [InlineData("trailing ")]
    public void Scalar_ReadsBackAsTheSameString(string value)
    {
        var text = "key: " + YamlWriter.Scalar(value) + "\n";

        Assert.Equal(value, Yaml.Parse(text).At("key").Text());
    }
}
