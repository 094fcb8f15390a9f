using Pipeline.Build.Tests.Support;

namespace Pipeline.Build.Tests.Execution;

public sealed class ConditionTests : IDisposable
{
    private readonly TempRoot _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public void OnlyWhenDynamic_False_SkippedAndDependentsStillRun()
    {
        var run = BuildRun.Of<ConditionalBuild>(_root, "AfterOptional");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(TargetStatus.Skipped, run.Target("Optional").Status);
        Assert.Equal("condition false", run.Target("Optional").Note);
        Assert.Equal(["AfterOptional", "Notify"], run.Build<ConditionalBuild>().Executed);
    }

    [Fact]
    public void OnlyWhenDynamic_True_Runs()
    {
        var run = BuildRun.Of<ConditionalBuild>(_root, "AfterOptional", "--with-optional");

        Assert.Equal(["Optional", "AfterOptional", "Notify"], run.Build<ConditionalBuild>().Executed);
    }

    [Fact]
    public void Inputs_UpstreamOutputMissing_TargetFailsNamingOutputAndFix()
    {
        var run = BuildRun.Of<ConditionalBuild>(_root, "Consumer", "--with-optional");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(TargetStatus.Failed, run.Target("Consumer").Status);
        Assert.Contains("Target Consumer needs output \"model\" of Optional", run.Target("Consumer").Note);
        Assert.Contains("Run ./build.sh Optional first.", run.Target("Consumer").Note);
    }
}
