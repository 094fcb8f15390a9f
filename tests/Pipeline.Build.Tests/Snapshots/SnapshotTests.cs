using Pipeline.Testing;

namespace Pipeline.Build.Tests.Snapshots;

public sealed class SnapshotTests
{
    [Fact]
    public async Task Verify_Object_MatchesVerifiedJsonWithScrubbedValues()
    {
        var value = new
        {
            Id = Guid.Parse("5f0c2d7e-8a61-4f0b-9d55-3e2a1c9b7f10"),
            Again = Guid.Parse("5f0c2d7e-8a61-4f0b-9d55-3e2a1c9b7f10"),
            Other = Guid.Parse("00000000-1111-2222-3333-444444444444"),
            Started = new DateTimeOffset(2026, 11, 22, 11, 23, 4, TimeSpan.Zero),
            RunId = "20261122T112304.123Z-ab12cd",
            File = Path.Combine(Path.GetTempPath(), "x", "model.onnx"),
            Took = "1.25 s",
            Elapsed = TimeSpan.FromMilliseconds(1234),
        };

        await Snapshot.Verify(value);
    }

    [Fact]
    public void Verify_Mismatch_WritesReceivedAndThrowsWithDiff()
    {
        var directory = Path.GetDirectoryName(ThisFile())!;
        var received = Path.Combine(directory, "SnapshotTests.Verify_Mismatch_WritesReceivedAndThrowsWithDiff.received.txt");

        SnapshotMismatchException? error = null;
        try
        {
            _ = Snapshot.Verify("line 1\nline two\nline 3\n", new SnapshotSettings { AcceptFromEnvironment = false });
        }
        catch (SnapshotMismatchException e)
        {
            error = e;
        }

        Assert.NotNull(error);

        Assert.Contains("- line 2", error.Message);
        Assert.Contains("+ line two", error.Message);
        Assert.True(File.Exists(received));
        File.Delete(received);
    }

    [Fact]
    public void Diff_InsertAndDelete_ShowsOnlyChangesWithContext()
    {
        var diff = LineDiff.Render("a\nb\nc\nd\ne\nf\ng", "a\nb\nc\nX\ne\nf\ng\nh");

        Assert.Equal("  b\n  c\n- d   (line 4 of verified)\n+ X   (line 4 of received)\n  e\n  f\n  g\n+ h   (line 8 of received)\n", diff);
    }

    [Fact]
    public void Diff_ChangesFarApart_ElidesUnchangedMiddle()
    {
        var expected = string.Join("\n", Enumerable.Range(1, 20));
        var actual = expected.Replace("\n2\n", "\ntwo\n").Replace("\n19\n", "\nnineteen\n");

        var diff = LineDiff.Render(expected, actual);

        Assert.Contains("+ two", diff);
        Assert.Contains("  ...", diff);
        Assert.Contains("- 19   (line 19 of verified)", diff);
        Assert.DoesNotContain("  10", diff);
    }

    private static string ThisFile([System.Runtime.CompilerServices.CallerFilePath] string path = "") => path;
}
