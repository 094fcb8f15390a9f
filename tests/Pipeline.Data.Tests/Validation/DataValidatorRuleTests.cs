using Pipeline.Core.Verdicts;
using Pipeline.Data.Tests.Support;
using Pipeline.Data.Validation;

namespace Pipeline.Data.Tests.Validation;

public sealed class DataValidatorRuleTests
{
    private static ValidationResult Run(string csv, string? yaml = null, int workers = 2)
    {
        using var dir = new TempDir();
        var path = dir.Write("crafted.csv", csv);
        return DataValidator.Validate(path, Crafted.Contract(yaml), new ValidationOptions { Clock = new FixedClock(Crafted.Now), Workers = workers, ChunkBytes = 64 });
    }

    private static Check Check(ValidationResult r, string metric) => Assert.Single(r.Verdict.Checks, c => c.Metric == metric);

    private static string[] Replace(int row, string line)
    {
        var rows = Crafted.CleanRows();
        rows[row] = line;
        return rows;
    }

    [Fact]
    public void Validate_CleanData_PassesEveryCheckAndSaysNoBaseline()
    {
        var r = Run(Crafted.Csv(Crafted.CleanRows()));
        Assert.Equal(CheckOutcome.Pass, r.Verdict.Outcome);
        Assert.Contains(r.Verdict.Notes, n => n.StartsWith("no baseline: rules only"));
        Assert.Equal(4, r.Profile.Rows);
        Assert.Equal(37.6875, r.Profile.Column("x")!.Mean!.Value, 6);
        Assert.Equal(["a", "b"], r.Profile.Column("c")!.Categories!.Select(c => c.Value));
    }

    [Theory]
    [InlineData(0, "r1,abc,3,a,true,2026-11-01T10:00:00Z,0", "x: type", "\"abc\"")]
    [InlineData(1, "r2,-5,3,a,true,2026-11-01T10:00:00Z,0", "x: min", "\"-5\"")]
    [InlineData(1, "r2,100.5,3,a,true,2026-11-01T10:00:00Z,0", "x: max", "\"100.5\"")]
    [InlineData(2, "r3,1,3,z,true,2026-11-01T10:00:00Z,0", "c: allowed values", "\"z\"")]
    [InlineData(2, "X3,1,3,a,true,2026-11-01T10:00:00Z,0", "id: regex", "\"X3\"")]
    [InlineData(2, "r3,,3,a,true,2026-11-01T10:00:00Z,0", "x: nulls", "null")]
    [InlineData(3, "r4,1,3,a,maybe,2026-11-01T10:00:00Z,0", "f: type", "\"maybe\"")]
    [InlineData(3, "r4,1,3,a,true,01/11/2026,0", "t: type", "\"01/11/2026\"")]
    [InlineData(3, "r4,1,3.5,a,true,2026-11-01T10:00:00Z,0", "n: type", "\"3.5\"")]
    [InlineData(3, "r4,1,3,a,true,2026-11-01T10:00:00Z,2", "y: allowed values", "\"2\"")]
    public void Validate_RowRuleBroken_FailsWithCountAndFirstRow(int row, string line, string metric, string value)
    {
        var r = Run(Crafted.Csv(Replace(row, line)));
        var check = Check(r, metric);
        Assert.Equal(CheckOutcome.Fail, check.Outcome);
        Assert.Equal(1, check.Value);
        Assert.Contains($"row {row + 1} {value}", check.Detail);
        var v = Assert.Single(r.Report.Violations, v => metric.StartsWith(v.Column + ":"));
        Assert.Equal(row + 1, v.FirstRows[0].Row);
        Assert.Equal(CheckOutcome.Fail, Check(r, "dataset: rejected rows").Outcome);
        Assert.False(r.Verdict.Passed);
    }

    [Fact]
    public void Validate_RejectedShareWithinAllowance_OnlyWarns()
    {
        var rows = Enumerable.Range(1, 200).Select(i => $"r{i},{i % 90},1,a,true,2026-11-01T10:00:00Z,0").ToArray();
        rows[10] = "r11,500,1,a,true,2026-11-01T10:00:00Z,0";
        var r = Run(Crafted.Csv(rows), Crafted.Yaml.Replace("maxRejectedShare: 0", "maxRejectedShare: 0.01"));
        Assert.Equal(CheckOutcome.Warn, Check(r, "x: max").Outcome);
        Assert.Equal(CheckOutcome.Warn, r.Verdict.Outcome);
        Assert.True(r.Verdict.Passed);
    }

    [Fact]
    public void Validate_DuplicateAndNullPrimaryKey_FailsNamingBothRows()
    {
        var r = Run(Crafted.Csv(Replace(2, "r1,1,3,a,true,2026-11-01T10:00:00Z,0")));
        var pk = Check(r, "dataset: primary key id");
        Assert.Equal(CheckOutcome.Fail, pk.Outcome);
        Assert.Contains("row 3 = row 1", pk.Detail);
    }

    [Fact]
    public void Validate_NullRateAboveMax_Fails()
    {
        var rows = Crafted.CleanRows().Select(l => l.Split(',') is var f ? string.Join(",", f[0], f[1], "", f[3], f[4], f[5], f[6]) : l).ToArray();
        var r = Run(Crafted.Csv(rows));
        var check = Check(r, "n: null rate");
        Assert.Equal(CheckOutcome.Fail, check.Outcome);
        Assert.Equal(1.0, check.Value);
    }

    [Fact]
    public void Validate_TooFewRows_And_StaleData_Fail()
    {
        var rows = new[] { "r1,1.5,3,a,true,2026-10-01T10:00:00Z,0" };
        var r = Run(Crafted.Csv(rows));
        Assert.Equal(CheckOutcome.Fail, Check(r, "dataset: rows").Outcome);
        var fresh = Check(r, "dataset: freshness t");
        Assert.Equal(CheckOutcome.Fail, fresh.Outcome);
        Assert.Contains("31.6 d old", fresh.Observed);
    }

    [Fact]
    public void Validate_UniqueColumn_DetectsDuplicatesAcrossWorkersAndChunks()
    {
        var yaml = Crafted.Yaml.Replace("{ name: x, type: float, min: 0, max: 100 }", "{ name: x, type: float, min: 0, max: 100, unique: true }");
        var rows = Enumerable.Range(1, 500).Select(i => $"r{i},{i % 100},1,a,true,2026-11-01T10:00:00Z,0").ToArray();
        var r = Run(Crafted.Csv(rows), yaml);
        var check = Check(r, "x: unique");
        Assert.Equal(CheckOutcome.Fail, check.Outcome);
        Assert.Equal(400, check.Value);
        Assert.Contains("row 101 = row 1", check.Detail);
    }

    [Fact]
    public void Validate_SameFile_OneOrTwoWorkers_SameProfileJson()
    {
        var rows = Enumerable.Range(1, 3000).Select(i => $"r{i},{i * 37 % 100}.5,{i % 9},{(i % 3 == 0 ? "a" : "b")},true,2026-11-01T10:00:00Z,{i % 50 / 49}").ToArray();
        var one = Run(Crafted.Csv(rows), workers: 1);
        var two = Run(Crafted.Csv(rows), workers: 2);
        // Merged Welford moments may differ in the last bits; everything else must be identical.
        static string Json(Pipeline.Data.Profiling.DatasetProfile p) => Pipeline.Data.Profiling.ProfileJson.Serialize(
            p with { Columns = p.Columns.Select(c => c with { Mean = null, Std = null }).ToArray() });
        Assert.Equal(Json(one.Profile), Json(two.Profile));
        foreach (var c in one.Profile.Columns.Where(c => c.Mean is not null))
        {
            Assert.Equal(c.Mean!.Value, two.Profile.Column(c.Name)!.Mean!.Value, 9);
            Assert.Equal(c.Std!.Value, two.Profile.Column(c.Name)!.Std!.Value, 9);
        }
    }
}
