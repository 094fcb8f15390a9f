using Pipeline.Build;
using Pipeline.Ci.Status;
using Pipeline.Core.Verdicts;

namespace Pipeline.Ci.Tests.Status;

public sealed class StatusDescriptionTests
{
    private static Check C(string metric, string observed, string threshold, CheckOutcome outcome) =>
        new() { Metric = metric, Observed = observed, Threshold = threshold, Outcome = outcome };

    private static Verdict V(params Check[] checks) => new() { Gate = "EvaluateGate", Subject = "fraud-detector v7", Checks = checks };

    [Fact]
    public void Of_Passed_ShowsDecidingNumbers()
    {
        var text = StatusDescription.Of(V(C("AUC", "0.912", "≥ 0.90", CheckOutcome.Pass), C("vs champion", "+0.004", "≥ -0.005", CheckOutcome.Pass)));

        Assert.Equal("AUC 0.912 ≥ 0.90; vs champion +0.004 ≥ -0.005", text);
    }

    [Fact]
    public void Of_Failed_ListsFailuresFirstWithCount()
    {
        var text = StatusDescription.Of(V(C("AUC", "0.912", "≥ 0.90", CheckOutcome.Pass), C("recall@1%fpr", "0.41", ">= 0.50", CheckOutcome.Fail),
            C("segment n", "12", "reported", CheckOutcome.Info)));

        Assert.Equal("1 of 2 failed: recall@1%fpr 0.41, required >= 0.50", text);
    }

    [Fact]
    public void Of_ManyChecks_FitsIn140CharactersAndCountsTheRest()
    {
        var checks = Enumerable.Range(1, 30).Select(i => C($"column_{i}: min", $"{i} rows", ">= 0", CheckOutcome.Fail)).ToArray();

        var text = StatusDescription.Of(V(checks));

        Assert.True(text.Length <= 140, text);
        Assert.StartsWith("30 of 30 failed: column_1: min 1 rows, required >= 0; ", text);
        Assert.Matches(@" \(\+2\d more\)$", text);
    }

    [Fact]
    public void Of_OneHugeCheck_TruncatesToOneLine()
    {
        var text = StatusDescription.Of(V(C("file: header", new string('x', 300) + "\nsecond line", "14 columns", CheckOutcome.Fail)));

        Assert.Equal(140, text.Length);
        Assert.EndsWith("…", text);
        Assert.DoesNotContain('\n', text);
    }

    [Fact]
    public void Of_ForceAccepted_SaysSo()
    {
        var verdict = V(C("AUC", "0.88", "≥ 0.90", CheckOutcome.Fail)) with { ForceAcceptedReason = "known label delay" };

        Assert.Equal("accepted by override (known label delay): AUC 0.88, required ≥ 0.90", StatusDescription.Of(verdict));
    }

    [Theory]
    [InlineData(TargetStatus.UpToDate, "auc 0.91", "up to date (run r1): auc 0.91")]
    [InlineData(TargetStatus.Failed, "Could not open model.onnx", "failed: Could not open model.onnx")]
    [InlineData(TargetStatus.NotRun, "cancelled", "did not finish: cancelled")]
    public void Of_RecordWithoutVerdict_DescribesTheOutcome(TargetStatus status, string note, string expected)
    {
        var record = new TargetRecord { Name = "EvaluateGate", Status = status, Note = note, ReusedFromRun = status == TargetStatus.UpToDate ? "r1" : null };

        Assert.Equal(expected, StatusDescription.Of(record));
    }
}
