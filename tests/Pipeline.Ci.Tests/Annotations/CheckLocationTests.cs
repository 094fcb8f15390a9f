using Pipeline.Ci.Annotations;
using Pipeline.Core.Verdicts;

namespace Pipeline.Ci.Tests.Annotations;

public sealed class CheckLocationTests
{
    private static Check C(string metric, string? detail) => new() { Metric = metric, Observed = "1 rows", Threshold = "0 rows", Outcome = CheckOutcome.Fail, Detail = detail };

    private static Verdict V(string subject, Check check) => new() { Gate = "ValidateData", Subject = subject, Checks = [check] };

    [Theory]
    [InlineData("data/transactions.csv", "2 values below 0; first rows: row 1042 -12.5", "data/transactions.csv", 1043)]
    [InlineData("data/events.jsonl", "first rows: row 7 {", "data/events.jsonl", 7)]
    [InlineData("fraud-detector v7", "see data/holdout.csv:88 for the first bad row", "data/holdout.csv", 88)]
    [InlineData("fraud-detector v7", "data/holdout.csv row 10 has no label", "data/holdout.csv", 11)]
    [InlineData("data/transactions.csv", null, "data/transactions.csv", null)]
    public void Find_DataFileAndRow_GivesFileAndLine(string subject, string? detail, string file, int? line)
    {
        var check = C("amount: min", detail);

        Assert.Equal(new CheckLocation(file, line), CheckLocation.Find(check, V(subject, check)));
    }

    [Fact]
    public void Find_AbsolutePathUnderRoot_IsMadeRelative()
    {
        var check = C("amount: min", "first rows: row 3 x");

        Assert.Equal(new CheckLocation("data/t.csv", 4), CheckLocation.Find(check, V("/repo/data/t.csv", check), "/repo"));
    }

    [Fact]
    public void Find_NoFile_IsNull()
    {
        var check = C("auc", "below the champion");

        Assert.Null(CheckLocation.Find(check, V("fraud-detector v7", check)));
    }
}
