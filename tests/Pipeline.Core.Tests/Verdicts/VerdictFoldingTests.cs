using Pipeline.Core.Verdicts;
using Xunit;

namespace Pipeline.Core.Tests.Verdicts;

public sealed class VerdictFoldingTests
{
    private static Check C(string metric, CheckOutcome outcome = CheckOutcome.Pass) =>
        new() { Metric = metric, Observed = "0 rows", Threshold = "= 0", Outcome = outcome };

    /// <summary>30 columns with type, null rate and psi each: 90 passing checks become one line.</summary>
    [Fact]
    public void Lines_ThirtyPassingColumns_FoldIntoOneLineWithCount()
    {
        var checks = Enumerable.Range(1, 30).SelectMany(i => new[] { C($"f{i}: type"), C($"f{i}: null rate"), C($"f{i}: psi") }).ToList();
        var verdict = new Verdict { Gate = "ValidateData", Subject = "data.csv", Checks = checks };

        var lines = VerdictFolding.Lines(verdict, verbose: false);

        var line = Assert.Single(lines);
        Assert.Equal("30 columns: type, null rate, psi — 90 checks pass", line.Folded!.ToString());
        Assert.Equal(30, line.Folded.Subjects.Count);
    }

    [Fact]
    public void Lines_FailureAndWarning_StayInFullWhilePassesFold()
    {
        var checks = new List<Check>
        {
            C("dataset: rows"), C("amount: type"), C("amount: psi", CheckOutcome.Fail), C("hour: type"), C("hour: psi"),
            C("age: type"), C("age: psi", CheckOutcome.Warn), C("auc"), C("label: positive rate", CheckOutcome.Info),
        };
        var verdict = new Verdict { Gate = "ValidateData", Subject = "data.csv", Checks = checks };

        var lines = VerdictFolding.Lines(verdict, verbose: false);

        var full = lines.Where(l => l.Check is not null).Select(l => l.Check!.Metric).ToList();
        Assert.Equal(["dataset: rows", "amount: psi", "age: psi", "auc", "label: positive rate"], full);
        // hour passed type and psi; amount and age only type: two groups, never one that hides a missing test.
        var folded = lines.Where(l => l.Folded is not null).Select(l => l.Folded!.ToString()).ToList();
        Assert.Equal(["2 columns (amount, age): type — 2 checks pass", "hour: type, psi — 2 checks pass"], folded);
    }

    [Fact]
    public void Lines_Verbose_KeepsEveryCheck()
    {
        var checks = Enumerable.Range(1, 5).Select(i => C($"f{i}: type")).ToList();
        var verdict = new Verdict { Gate = "ValidateData", Subject = "data.csv", Checks = checks };

        var lines = VerdictFolding.Lines(verdict, verbose: true);

        Assert.Equal(checks, lines.Select(l => l.Check));
    }
}
