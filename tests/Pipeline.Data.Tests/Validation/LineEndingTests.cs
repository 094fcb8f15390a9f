using Pipeline.Core.Verdicts;
using Pipeline.Data.Contracts;
using Pipeline.Data.Tables;
using Pipeline.Data.Tests.Support;
using Pipeline.Data.Validation;

namespace Pipeline.Data.Tests.Validation;

/// <summary>A CSV written by Windows tools (CRLF line endings) reads exactly like the same file with LF endings.</summary>
public sealed class LineEndingTests
{
    private static readonly string Source = Path.Combine(Repo.Root, "data", "breast-cancer", "breast_cancer.csv");
    private static readonly DataContract Contract = DataContractLoader.Load(Path.Combine(Repo.Root, "data-contracts", "breast-cancer.v1.yaml"));

    [Theory]
    [InlineData(1 << 12)]
    [InlineData(1 << 20)]
    public void Validate_CrlfCsv_SameVerdictAsLf(int chunkBytes)
    {
        using var dir = new TempDir();
        var lf = File.ReadAllText(Source).Replace("\r\n", "\n");
        var lfFile = dir.Write("lf.csv", lf);
        var crlfFile = dir.Write("crlf.csv", lf.Replace("\n", "\r\n"));
        var options = new ValidationOptions { ChunkBytes = chunkBytes };

        var expected = DataValidator.Validate(lfFile, Contract, options);
        var actual = DataValidator.Validate(crlfFile, Contract, options);

        Assert.Equal(0, actual.Profile.RejectedRows);
        Assert.Equal(expected.Profile.Rows, actual.Profile.Rows);
        Assert.Equal(expected.Verdict.Outcome, actual.Verdict.Outcome);
        Assert.DoesNotContain(actual.Verdict.Checks, c => c.Outcome == CheckOutcome.Fail);
    }

    [Fact]
    public void Load_CrlfCsv_LabelsAndFeaturesParsed()
    {
        using var dir = new TempDir();
        var lf = File.ReadAllText(Source).Replace("\r\n", "\n");
        var crlf = TableLoader.Load(dir.Write("crlf.csv", lf.Replace("\n", "\r\n")), Contract);
        var plain = TableLoader.Load(dir.Write("lf.csv", lf), Contract);

        Assert.Equal(plain.RowCount, crlf.RowCount);
        Assert.Equal(569, crlf.RowCount);
    }
}
