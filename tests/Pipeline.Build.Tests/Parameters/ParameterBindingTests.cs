using Pipeline.Build.Tests.Support;

namespace Pipeline.Build.Tests.Parameters;

public sealed class ParameterBindingTests : IDisposable
{
    private readonly TempRoot _root = new();

    public void Dispose() => _root.Dispose();

    private static Dictionary<string, string> Env(params (string Key, string Value)[] values) => values.ToDictionary(v => v.Key, v => v.Value);

    [Fact]
    public void Bind_NoValues_KeepsDefaults()
    {
        var build = BuildRun.Of<ParameterBuild>(_root, "Show").Build<ParameterBuild>();

        Assert.Equal("fraud-detector", build.Model);
        Assert.Equal(100, build.Rows);
        Assert.Equal(Stage.Dev, build.Stage);
        Assert.Empty(build.Tags);
        Assert.False(build.Force);
    }

    [Fact]
    public void Bind_AllThreeSources_CommandLineBeatsEnvironmentBeatsFile()
    {
        _root.File(".nuke/parameters.json", """{ "$schema": "./build.schema.json", "Model": "from-file", "Rows": 7, "Stage": "Staging", "CanaryWeight": 0.5 }""");
        var env = Env(("PIPELINE_MODEL", "from-env"), ("PIPELINE_ROWS", "8"));

        var build = BuildRun.Of<ParameterBuild>(_root, env, "Show", "--model", "from-cli").Build<ParameterBuild>();

        Assert.Equal("from-cli", build.Model);   // command line over environment and file
        Assert.Equal(8, build.Rows);             // environment over file
        Assert.Equal(Stage.Staging, build.Stage); // file over default
        Assert.Equal(0.5, build.CanaryWeight);
    }

    [Fact]
    public void Bind_EveryType_FromCommandLine()
    {
        var run = BuildRun.Of<ParameterBuild>(_root, "show", "--rows=42", "--canary-weight", "0.25", "--stage", "production",
            "--tags", "a", "b", "--force", "--release-name", "r1");
        var build = run.Build<ParameterBuild>();

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(42, build.Rows);
        Assert.Equal(0.25, build.CanaryWeight);
        Assert.Equal(Stage.Production, build.Stage);
        Assert.Equal(["a", "b"], build.Tags);
        Assert.True(build.Force);
        Assert.Equal("r1", build.ReleaseName);
        Assert.Contains("model=fraud-detector rows=42 stage=Production tags=a|b release=r1", run.Out);
    }

    [Fact]
    public void Bind_ArrayFromEnvironment_SplitsOnCommas()
    {
        var build = BuildRun.Of<ParameterBuild>(_root, Env(("PIPELINE_TAGS", "x, y,z")), "Show").Build<ParameterBuild>();

        Assert.Equal(["x", "y", "z"], build.Tags);
    }

    [Fact]
    public void Bind_BadInt_NamesParameterValueAndType()
    {
        var run = BuildRun.Of<ParameterBuild>(_root, "Show", "--rows", "lots");

        Assert.Equal(2, run.ExitCode);
        Assert.Empty(run.Build<ParameterBuild>().Executed);
        Assert.Contains("Parameter --rows from the command line: value \"lots\" is not a valid int. Expected type: int.", run.Error);
    }

    [Fact]
    public void Bind_BadEnumFromEnvironment_ListsAllowedValues()
    {
        var run = BuildRun.Of<ParameterBuild>(_root, Env(("PIPELINE_STAGE", "qa")), "Show");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Parameter --stage from environment variable PIPELINE_STAGE: value \"qa\"", run.Error);
        Assert.Contains("one of Dev, Staging, Production", run.Error);
    }

    [Fact]
    public void Bind_BadDoubleInFile_NamesTheFile()
    {
        _root.File(".nuke/parameters.json", """{ "canary-weight": "half" }""");

        var run = BuildRun.Of<ParameterBuild>(_root, "Show");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Parameter --canary-weight from .nuke/parameters.json: value \"half\" is not a valid double", run.Error);
    }

    [Fact]
    public void Bind_SecretInParametersFile_IsRejected()
    {
        _root.File(".nuke/parameters.json", """{ "RegistryToken": "s3cr3t-in-file" }""");

        var run = BuildRun.Of<ParameterBuild>(_root, "Show");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--registry-token is a secret and must not be stored in .nuke/parameters.json", run.Error);
        Assert.DoesNotContain("s3cr3t-in-file", run.Out + run.Error);
    }

    [Fact]
    public void Requires_MissingValue_FailsBeforeRunningAndSaysHowToSetIt()
    {
        var run = BuildRun.Of<ParameterBuild>(_root, "Show", "Release");

        Assert.Equal(2, run.ExitCode);
        Assert.Empty(run.Build<ParameterBuild>().Executed);
        Assert.Contains("Target Release requires parameter --release-name: pass --release-name <string>, set PIPELINE_RELEASE_NAME", run.Error);
    }

    [Fact]
    public void Help_ListsTargetsAndParametersWithTypeDefaultAndSource()
    {
        var run = BuildRun.Of<ParameterBuild>(_root, Env(("PIPELINE_ROWS", "9")), "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Show     Logs the bound values", run.Out);
        Assert.Matches(@"--rows\s+int\s+100\s+9 from PIPELINE_ROWS\s+Rows to generate", run.Out);
        Assert.Matches(@"--stage\s+Dev\|Staging\|Production\s+Dev\s+default", run.Out);
        Assert.Matches(@"--registry-token\s+string\s+\(none\)\s+default\s+Registry token \[secret", run.Out);
    }

    [Fact]
    public void NoArguments_PrintsHelp()
    {
        var run = BuildRun.Of<ParameterBuild>(_root);

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("Usage: ./build.sh", run.Out);
    }
}
