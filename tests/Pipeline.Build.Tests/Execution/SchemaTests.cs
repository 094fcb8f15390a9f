using Pipeline.Build.Tests.Support;
using Pipeline.Testing;

namespace Pipeline.Build.Tests.Execution;

public sealed class SchemaTests : IDisposable
{
    private readonly TempRoot _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public void Generate_ParameterBuild_PinnedSchema()
    {
        var build = new ParameterBuild();
        var schema = SchemaWriter.Generate(TargetGraph.Discover(build), ParameterBinder.Discover(typeof(ParameterBuild)));

        Snapshot.Verify(schema);
    }

    [Fact]
    public void Help_ParameterBuild_PinnedText()
    {
        var run = BuildRun.Of<ParameterBuild>(_root, "--help");

        Snapshot.Verify(run.Out);
    }
}
