using Pipeline.Build.Testing;
using Pipeline.Build.Tests.Support;

namespace Pipeline.Build.Tests.Testing;

public sealed class TrxReaderTests : IDisposable
{
    private readonly TempRoot _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public void Read_XunitTrx_CountsPassedFailedAndSkipped()
    {
        var trx = _root.File("r.trx", """
            <?xml version="1.0" encoding="utf-8"?>
            <TestRun id="1" xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
              <ResultSummary outcome="Failed">
                <Counters total="12" executed="10" passed="8" failed="2" error="0" timeout="0" aborted="0" inconclusive="0"
                          passedButRunAborted="0" notRunnable="0" notExecuted="2" disconnected="0" warning="0" completed="0" inProgress="0" pending="0" />
              </ResultSummary>
            </TestRun>
            """);

        Assert.Equal(new TestCounts(8, 2, 2), TrxReader.Read(trx));
    }

    [Fact]
    public void SummaryLine_SumsProjects()
    {
        var total = new TestCounts(3, 0, 1) + new TestCounts(4, 2, 0);

        Assert.Equal("7 passed, 2 failed, 1 skipped", total.SummaryLine);
    }

    [Fact]
    public void Describe_ProjectLine_DoesNotLookLikeTheSummaryLine()
    {
        var line = TestSuiteRunner.Describe(new TestProjectResult
        {
            Project = "Pipeline.X.Tests", Counts = new TestCounts(5, 0, 0), ExitCode = 0, Ran = true, DurationSeconds = 1.24,
        });

        Assert.Equal("Pipeline.X.Tests: passed 5, failed 0, skipped 0 (1.2 s)", line);
        Assert.DoesNotMatch(@"^\d+ passed, \d+ failed, \d+ skipped$", line);
    }
}
