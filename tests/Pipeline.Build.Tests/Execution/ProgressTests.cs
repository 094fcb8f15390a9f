using Pipeline.Build.Tests.Support;

namespace Pipeline.Build.Tests.Execution;

public sealed class ProgressTests : IDisposable
{
    private readonly TempRoot _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public void Progress_Plain_OneLinePerTenPercentAndADoneLine()
    {
        var run = BuildRun.Of<ProgressBuild>(_root, "Work");

        Assert.Equal(0, run.ExitCode);
        var lines = run.Out.Split('\n').Where(l => l.StartsWith("scoring rows:", StringComparison.Ordinal)).ToList();
        Assert.InRange(lines.Count, 10, 13);
        Assert.Contains("scoring rows: 25/50 (50 %)", run.Out);
        Assert.Matches(@"scoring rows: 50/50 \(100 %\) done in \d+\.\d s", lines[^1]);
        Assert.Contains("halfway there", run.Out);
        Assert.Contains("═══ Work ═══", run.Out);
    }

    [Fact]
    public void Progress_Interactive_LiveDisplayCompletes()
    {
        var stdout = new StringWriter();
        var result = BuildHost.Run<ProgressBuild>(new BuildInvocation
        {
            Arguments = ["Work"],
            RootDirectory = _root.Path,
            Environment = _ => null,
            Out = stdout,
            Error = new StringWriter(),
            Interactive = true,
            ReadGit = false,
        });

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["Work"], ((ProgressBuild)result.Build!).Executed);
        Assert.Contains("scoring rows", stdout.ToString());
        Assert.Contains("halfway there", stdout.ToString());
    }
}
