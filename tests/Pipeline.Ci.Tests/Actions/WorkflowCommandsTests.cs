using Pipeline.Ci.Actions;

namespace Pipeline.Ci.Tests.Actions;

public sealed class WorkflowCommandsTests
{
    [Fact]
    public void Annotation_EscapesDataAndProperties()
    {
        var line = WorkflowCommands.Annotation("error", "100% bad\nsecond line\r", "data/a,b.csv", 12, "ValidateData: amount");

        Assert.Equal("::error file=data/a%2Cb.csv,line=12,title=ValidateData%3A amount::100%25 bad%0Asecond line%0D", line);
    }

    [Fact]
    public void Annotation_WithoutProperties_HasNoSpace() =>
        Assert.Equal("::warning::careful", WorkflowCommands.Annotation("warning", "careful"));

    [Fact]
    public void Output_IsOneLine() => Assert.Equal("decision=failed: a b", WorkflowCommands.Output("decision", "failed: a\nb"));
}
