using System.IO.Compression;
using System.Text;
using Pipeline.Core.Models;
using Pipeline.Data.Tables;
using Pipeline.Data.Tests.Support;

namespace Pipeline.Data.Tests.Tables;

public sealed class TableLoaderTests
{
    private const string Quoted = "id,x,n,c,f,t,y\r\n\"r1\",\"1.5\",3,a,true,2026-11-01T10:00:00Z,0\r\n\"r2\",2,,\"b\",FALSE,2026-11-01T11:00:00+01:00,1\r\n";

    [Fact]
    public void Load_CsvWithBomCrlfAndQuotes_ParsesTypedColumns()
    {
        using var dir = new TempDir();
        var path = dir.File("d.csv");
        File.WriteAllBytes(path, [.. "\uFEFF"u8, .. Encoding.UTF8.GetBytes(Quoted)]);
        var t = TableLoader.Load(path, Crafted.Contract());
        Assert.Equal(2, t.RowCount);
        Assert.Equal(new string?[] { "r1", "r2" }, t.Text("id"));
        Assert.Equal(new[] { 1.5f, 2f }, t.Numeric("x"));
        Assert.True(float.IsNaN(t.Numeric("n")[1]));
        Assert.Equal(new[] { 1f, 0f }, t.Numeric("f"));
        Assert.Equal(new string?[] { "true", "false" }, t.Text("f"));
        Assert.Equal(new[] { 0f, 1f }, t.Labels("y"));
        Assert.Equal(DateTimeOffset.Parse("2026-11-01T10:00:00Z").ToUnixTimeSeconds(), t.Seconds("t")[1]);
    }

    [Fact]
    public void Load_EmbeddedNewlinesAndEscapedQuotes_StayInOneField()
    {
        var contract = Crafted.Contract(Crafted.Yaml.Replace("type: string, regex: '^r[0-9]+$'", "type: string"));
        using var dir = new TempDir();
        var path = dir.Write("d.csv", "id,x,n,c,f,t,y\n\"line1\nline2 \"\"quoted\"\", comma\",1,1,a,true,2026-11-01T10:00:00Z,0\nr2,2,2,b,false,2026-11-01T10:00:00Z,1\n");
        var t = TableLoader.Load(path, contract);
        Assert.Equal(2, t.RowCount);
        Assert.Equal("line1\nline2 \"quoted\", comma", t.Text("id")[0]);
    }

    [Fact]
    public void Load_GzipAndJsonLines_GiveTheSameTableAsCsv()
    {
        using var dir = new TempDir();
        var csv = dir.Write("d.csv", Crafted.Csv(Crafted.CleanRows()));
        using (var gz = new GZipStream(File.Create(dir.File("d.csv.gz")), CompressionLevel.Fastest)) gz.Write(File.ReadAllBytes(csv));
        var jsonl = dir.Write("d.jsonl", string.Join("\n",
            "{\"id\":\"r1\",\"x\":1.5,\"n\":3,\"c\":\"a\",\"f\":true,\"t\":\"2026-11-01T10:00:00Z\",\"y\":0}",
            "{\"id\":\"r2\",\"x\":99,\"n\":null,\"c\":\"b\",\"f\":false,\"t\":\"2026-11-01T11:00:00Z\",\"y\":1}",
            "{\"id\":\"r3\",\"x\":0,\"n\":7,\"c\":\"a\",\"f\":true,\"t\":\"2026-11-01T12:00:00Z\",\"y\":0}",
            "{\"x\":50.25,\"id\":\"r4\",\"n\":1,\"c\":\"\\u0062\",\"f\":false,\"t\":\"2026-11-01T13:00:00Z\",\"y\":0}"));
        var a = TableLoader.Load(csv, Crafted.Contract());
        var b = TableLoader.Load(dir.File("d.csv.gz"), Crafted.Contract());
        var c = TableLoader.Load(jsonl, Crafted.Contract());
        foreach (var t in new[] { b, c })
        {
            Assert.Equal(a.RowCount, t.RowCount);
            Assert.Equal(a.Numeric("x"), t.Numeric("x"));
            Assert.Equal(a.Numeric("n"), t.Numeric("n"));
            Assert.Equal(a.Text("c"), t.Text("c"));
            Assert.Equal(a.Text("f"), t.Text("f"));
        }
    }

    [Fact]
    public void ToFeatureBatch_SelectedRows_KeepsOrderAndColumns()
    {
        using var dir = new TempDir();
        var t = TableLoader.Load(dir.Write("d.csv", Crafted.Csv(Crafted.CleanRows())), Crafted.Contract());
        var batch = t.ToFeatureBatch(new FeatureMapping { Numeric = ["x", "n"], Categorical = ["c", "f"] }, [3, 0]);
        Assert.Equal(2, batch.Rows);
        Assert.Equal(new[] { 50.25f, 1.5f }, batch.Numeric["x"]);
        Assert.Equal(new string?[] { "b", "a" }, batch.Categorical["c"]);
        Assert.Equal(new string?[] { "false", "true" }, batch.Categorical["f"]);
        Assert.Throws<ArgumentException>(() => t.Numeric("nope"));
    }
}
