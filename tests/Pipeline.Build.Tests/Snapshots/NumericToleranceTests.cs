using Pipeline.Testing;

namespace Pipeline.Build.Tests.Snapshots;

public sealed class NumericToleranceTests
{
    private static readonly NumericTolerance Tolerance = new(1e-4, 1e-6);

    [Fact]
    public void Matches_LastDigitMovedByOtherVectorKernels_Matches() =>
        Assert.True(Tolerance.Matches("\"LogLoss\": 0.046803,\n\"Auc\": 0.912345", "\"LogLoss\": 0.046802,\n\"Auc\": 0.912346"));

    [Fact]
    public void Matches_MetricChangedBeyondTolerance_DoesNotMatch() =>
        Assert.False(Tolerance.Matches("\"LogLoss\": 0.046803", "\"LogLoss\": 0.047803"));

    [Fact]
    public void Matches_TextAroundNumbersDiffers_DoesNotMatch() =>
        Assert.False(Tolerance.Matches("\"Outcome\": \"Pass\", 0.5", "\"Outcome\": \"Fail\", 0.5"));

    [Fact]
    public void Matches_ExtraNumber_DoesNotMatch() =>
        Assert.False(Tolerance.Matches("[0.5, 0.25]", "[0.5, 0.25, 0.125]"));

    [Fact]
    public void Verify_WithinTolerance_PassesAndWritesNoReceived()
    {
        var directory = Path.GetDirectoryName(ThisFile())!;
        var verified = Path.Combine(directory, "NumericToleranceTests.Verify_WithinTolerance_PassesAndWritesNoReceived.verified.txt");
        Assert.True(File.Exists(verified), "the pinned file is committed beside this test");
        Snapshot.Verify("auc 0.9123451\ncount 3906\n", new SnapshotSettings { AcceptFromEnvironment = false, Tolerance = new NumericTolerance(2e-3) });
        Assert.Throws<SnapshotMismatchException>(() =>
        {
            _ = Snapshot.Verify("auc 0.95\ncount 3906\n", new SnapshotSettings { AcceptFromEnvironment = false, Tolerance = new NumericTolerance(2e-3) });
        });
        File.Delete(Path.ChangeExtension(verified, null).Replace(".verified", ".received") + ".txt");
    }

    private static string ThisFile([System.Runtime.CompilerServices.CallerFilePath] string path = "") => path;
}
