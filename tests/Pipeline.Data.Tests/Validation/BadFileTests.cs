using System.Text;
using Pipeline.Core.Verdicts;
using Pipeline.Data.Tests.Support;
using Pipeline.Data.Validation;

namespace Pipeline.Data.Tests.Validation;

public sealed class BadFileTests
{
    private static ValidationResult Run(string path) =>
        DataValidator.Validate(path, Crafted.Contract(), new ValidationOptions { Clock = new FixedClock(Crafted.Now), ChunkBytes = 1 << 16 });

    private static Check Check(ValidationResult r, string metric) => Assert.Single(r.Verdict.Checks, c => c.Metric == metric);

    [Fact]
    public void Validate_EmptyFile_FailsWithAClearCheck()
    {
        using var dir = new TempDir();
        var r = Run(dir.Write("empty.csv", ""));
        var c = Assert.Single(r.Verdict.Checks);
        Assert.Equal("file: content", c.Metric);
        Assert.Equal(CheckOutcome.Fail, c.Outcome);
        Assert.Contains("id,x,n,c,f,t,y", c.Detail);
    }

    [Fact]
    public void Validate_RaggedRow_IsRejectedWithItsFieldCount()
    {
        using var dir = new TempDir();
        var rows = Crafted.CleanRows();
        rows[1] = "r2,99,,b,false";
        var r = Run(dir.Write("ragged.csv", Crafted.Csv(rows)));
        var c = Check(r, "file: row shape");
        Assert.Equal(CheckOutcome.Fail, c.Outcome);
        Assert.Contains("row 2 5 fields where the header has 7", c.Detail);
    }

    [Fact]
    public void Validate_InvalidUtf8_IsRejectedNamingTheBytes()
    {
        using var dir = new TempDir();
        var path = dir.File("latin1.csv");
        var bytes = Encoding.UTF8.GetBytes(Crafted.Csv(Crafted.CleanRows())).ToList();
        var at = bytes.IndexOf((byte)'r', bytes.IndexOf((byte)'\n') + 40);
        bytes.Insert(at + 1, 0xE9);
        File.WriteAllBytes(path, bytes.ToArray());
        var r = Run(path);
        var c = Check(r, "file: utf-8");
        Assert.Equal(CheckOutcome.Fail, c.Outcome);
        Assert.Contains("E9", c.Detail);
    }

    [Fact]
    public void Validate_HeaderMismatch_FailsNamingMissingAndExtraColumns()
    {
        using var dir = new TempDir();
        var csv = Crafted.Csv(Crafted.CleanRows()).Replace("id,x,n,c,f,t,y", "id,x,n,cat,f,t,y");
        var r = Run(dir.Write("h.csv", csv));
        var c = Check(r, "file: header");
        Assert.Equal(CheckOutcome.Fail, c.Outcome);
        Assert.Contains("missing c", c.Observed);
        Assert.Contains("not in the contract: cat", c.Observed);
        Assert.False(r.Verdict.Passed);
    }

    [Fact]
    public void Validate_HundredMegabyteField_IsSkippedWithBoundedMemoryAndReported()
    {
        using var dir = new TempDir();
        var path = dir.File("huge.csv");
        using (var f = File.Create(path))
        {
            var rows = Crafted.CleanRows();
            f.Write(Encoding.UTF8.GetBytes(Crafted.Header + "\n" + rows[0] + "\nr2,99,,\""));
            var block = new byte[1 << 20];
            Array.Fill(block, (byte)'z');
            for (var i = 0; i < 100; i++) f.Write(block);
            f.Write(Encoding.UTF8.GetBytes("\",false,2026-11-01T11:00:00Z,1\n" + rows[2] + "\n" + rows[3] + "\n"));
        }
        var before = GC.GetTotalAllocatedBytes(precise: false);
        var r = Run(path);
        var allocated = GC.GetTotalAllocatedBytes(precise: false) - before;
        var c = Check(r, "file: field size");
        Assert.Equal(CheckOutcome.Fail, c.Outcome);
        Assert.Contains("row 2", c.Detail);
        Assert.Equal(4, r.Profile.Rows);
        Assert.Equal(3, r.Profile.Column("x")!.Count);
        Assert.True(allocated < 64L << 20, $"allocated {allocated >> 20} MiB for a 100 MiB field");
    }

    [Fact]
    public void Validate_UnterminatedQuote_ReportsInsteadOfHanging()
    {
        using var dir = new TempDir();
        var r = Run(dir.Write("q.csv", Crafted.Csv(Crafted.CleanRows()) + "r9,\"1,2,a,true,2026-11-01T10:00:00Z,0\nr10,1,2,a,true,2026-11-01T10:00:00Z,0\n"));
        Assert.Equal(CheckOutcome.Fail, r.Verdict.Outcome);
        Assert.Contains(r.Verdict.Checks, c => c.Outcome == CheckOutcome.Fail && c.Detail is not null && c.Detail.Contains("row 5"));
    }

    [Fact]
    public void Validate_TextAfterClosingQuote_IsAShapeError()
    {
        using var dir = new TempDir();
        var rows = Crafted.CleanRows();
        rows[0] = "\"r1\"x,1.5,3,a,true,2026-11-01T10:00:00Z,0";
        var c = Check(Run(dir.Write("q.csv", Crafted.Csv(rows))), "file: row shape");
        Assert.Contains("closing quote", c.Detail);
    }

    [Fact]
    public void Validate_InvalidJsonLine_IsAShapeError()
    {
        using var dir = new TempDir();
        var path = dir.Write("d.jsonl",
            "{\"id\":\"r1\",\"x\":1.5,\"n\":3,\"c\":\"a\",\"f\":true,\"t\":\"2026-11-01T10:00:00Z\",\"y\":0}\n" +
            "{\"id\":\"r2\",\"x\":1.5,\n" +
            "{\"id\":\"r3\",\"x\":\"abc\",\"n\":3,\"c\":\"a\",\"f\":true,\"t\":\"2026-11-01T10:00:00Z\",\"y\":0}\n");
        var r = Run(path);
        Assert.Contains("row 2", Check(r, "file: row shape").Detail);
        Assert.Contains("row 3 \"abc\"", Check(r, "x: type").Detail);
    }
}
