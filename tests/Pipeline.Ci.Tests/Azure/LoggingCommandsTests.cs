using Pipeline.Ci.Azure;

namespace Pipeline.Ci.Tests.Azure;

public sealed class LoggingCommandsTests
{
    [Fact]
    public void LogIssue_EscapesDataAndProperties()
    {
        var line = LoggingCommands.LogIssue("error", "50% of rows]\nbad", "data/x;y].csv", 3);

        Assert.Equal("##vso[task.logissue type=error;sourcepath=data/x%3By%5D.csv;linenumber=3]50%AZP25 of rows]%0Abad", line);
    }

    [Fact]
    public void SetOutputVariable_IsOutput() =>
        Assert.Equal("##vso[task.setvariable variable=model-digest;isOutput=true]sha256:ab", LoggingCommands.SetOutputVariable("model-digest", "sha256:ab"));

    [Fact]
    public void UploadSummary_NamesTheFile() =>
        Assert.Equal("##vso[task.uploadsummary]/w/.artifacts/reports/r1/summary.md", LoggingCommands.UploadSummary("/w/.artifacts/reports/r1/summary.md"));
}
