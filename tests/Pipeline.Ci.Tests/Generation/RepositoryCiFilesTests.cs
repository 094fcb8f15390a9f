using Pipeline.Ci.Generation;
using Pipeline.Ci.Tests.Support;

namespace Pipeline.Ci.Tests.Generation;

/// <summary>The committed workflow files are what the repository's build graph (build/, as ./build.sh runs it) generates, and they run the README's commands.</summary>
public sealed class RepositoryCiFilesTests
{
    /// <summary>The commands the README gives for a release and for the tests; CI must run exactly these.</summary>
    private static readonly string[] ReadmeCommands = ["./build.sh Test", "./build.sh DeployCanary"];

    private static readonly string Root = RepositoryRoot.Find();

    private static IReadOnlyList<GeneratedCiFile> Generated() => CiGenerator.Generate(new global::Build());

    [Fact]
    public void Generate_RepositoryGraph_MatchesCommittedFiles()
    {
        var generated = Generated();

        Assert.Equal([".github/workflows/pipeline.yml", "azure-pipelines.yml"], generated.Select(f => f.Path));
        foreach (var file in generated)
        {
            var path = Path.Combine(Root, file.Path);
            Assert.True(File.Exists(path), $"{file.Path} is not committed; run ./build.sh GenerateCi and commit it.");
            var committed = File.ReadAllText(path);
            Assert.True(committed == file.Content,
                $"{file.Path} differs from what the build graph generates; run ./build.sh GenerateCi and commit the result.\n" +
                Pipeline.Testing.LineDiff.Render(committed, file.Content));
        }
    }

    [Fact]
    public void CommittedGitHubWorkflow_IsValidYamlRunningTheReadmeCommands()
    {
        // The committed file: the drift test above ties it to the generator.
        var workflow = Yaml.Parse(File.ReadAllText(Path.Combine(Root, ".github", "workflows", "pipeline.yml")));

        Assert.Equal("write", workflow.At("permissions", "statuses").Text());
        Assert.Equal("main", Assert.Single(workflow.At("on", "pull_request", "branches").Items()).Text());
        Assert.Equal("main", Assert.Single(workflow.At("on", "push", "branches").Items()).Text());
        var pr = Runs(workflow.At("jobs", "pull-request", "steps"));
        var main = Runs(workflow.At("jobs", "push", "steps"));
        Assert.Equal(["./build.sh Test", "./build.sh BenchmarkGate"], pr.Where(IsTargetCommand));
        Assert.Equal(["./build.sh Test", "./build.sh DeployCanary"], main.Where(IsTargetCommand));
        Assert.All(ReadmeCommands, c => Assert.Contains(c, pr.Concat(main)));
        Assert.Contains(pr, r => r.Contains("./build.sh Setup", StringComparison.Ordinal));
        var uses = workflow.At("jobs", "push", "steps").Items().Where(s => s.Has("uses")).ToDictionary(s => s.At("name").Text(), s => s);
        Assert.Equal("global.json", uses["Set up .NET (global.json)"].At("with", "global-json-file").Text());
        Assert.Equal("~/.nuget/packages", uses["Cache NuGet packages"].At("with", "path").Text());
        Assert.DoesNotContain("Cache ONNX Runtime", uses.Keys);   // ONNX Runtime is a NuGet package now: the NuGet cache holds it
        Assert.Equal(".artifacts/runs\n.artifacts/reports\n", uses["Upload reports and run manifests"].At("with", "path").Text());
        Assert.Equal("${{ secrets.GITHUB_TOKEN }}", workflow.At("jobs", "pull-request", "steps").Items().Last(s => s.Has("run")).At("env", "GITHUB_TOKEN").Text());
    }

    [Fact]
    public void CommittedAzurePipelines_IsValidYamlRunningTheSameCommands()
    {
        var definition = Yaml.Parse(File.ReadAllText(Path.Combine(Root, "azure-pipelines.yml")));

        var jobs = definition.At("jobs").Items().ToDictionary(j => j.At("job").Text());
        var pr = jobs["pull_request"].At("steps").Items().Where(s => s.Has("script")).Select(s => s.At("script").Text()).ToList();
        var main = jobs["push"].At("steps").Items().Where(s => s.Has("script")).Select(s => s.At("script").Text()).ToList();
        Assert.Equal(["./build.sh Test", "./build.sh BenchmarkGate"], pr.Where(IsTargetCommand));
        Assert.Equal(["./build.sh Test", "./build.sh DeployCanary"], main.Where(IsTargetCommand));
        Assert.Equal("eq(variables['Build.Reason'], 'PullRequest')", jobs["pull_request"].At("condition").Text());
        Assert.Equal("main", Assert.Single(definition.At("pr", "branches", "include").Items()).Text());
        Assert.Contains(jobs["push"].At("steps").Items(), s => s.Has("task") && s.At("task").Text() == "PublishPipelineArtifact@1");
    }

    private static List<string> Runs(YamlDotNet.RepresentationModel.YamlNode steps) =>
        steps.Items().Where(s => s.Has("run")).Select(s => s.At("run").Text()).ToList();

    private static bool IsTargetCommand(string run) => run.StartsWith("./build.sh ", StringComparison.Ordinal) && !run.Contains('\n');
}
