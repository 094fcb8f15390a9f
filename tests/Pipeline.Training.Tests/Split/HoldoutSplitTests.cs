using Pipeline.Core.Models;
using Pipeline.Training.Split;

namespace Pipeline.Training.Tests.Split;

public sealed class HoldoutSplitTests
{
    private static readonly string[] Keys = Enumerable.Range(0, 20_000).Select(i => $"t{i:D9}").ToArray();

    [Fact]
    public void Assign_Hash_IsDeterministicDisjointAndNearFraction()
    {
        var split = new SplitSection { Method = "hash", Column = "transaction_id", HoldoutFraction = 0.25 };
        var a = HoldoutSplit.Assign(split, Keys);
        var b = HoldoutSplit.Assign(split, Keys);
        Assert.Equal(a.Holdout, b.Holdout);
        Assert.Empty(a.Train.Intersect(a.Holdout));
        Assert.Equal(Keys.Length, a.Train.Length + a.Holdout.Length);
        Assert.InRange(a.Holdout.Length / (double)Keys.Length, 0.24, 0.26);
    }

    [Fact]
    public void Assign_Hash_RowKeepsItsSideWhenOtherRowsChange()
    {
        var split = new SplitSection { Method = "hash", Column = "id", HoldoutFraction = 0.3 };
        var full = HoldoutSplit.Assign(split, Keys);
        var half = HoldoutSplit.Assign(split, Keys[..10_000]);
        Assert.Equal(full.Holdout.Where(i => i < 10_000), half.Holdout);
    }

    [Fact]
    public void Assign_Hash_SaltChangesTheSplit()
    {
        var a = HoldoutSplit.Assign(new SplitSection { Method = "hash", Column = "id", HoldoutFraction = 0.2 }, Keys);
        var b = HoldoutSplit.Assign(new SplitSection { Method = "hash", Column = "id", HoldoutFraction = 0.2, Salt = "v2" }, Keys);
        Assert.NotEqual(a.Holdout, b.Holdout);
    }

    [Fact]
    public void StableHash_IsPinned()
    {
        // Pinned so a change of hash function (which would silently reshuffle every model's holdout) fails loudly.
        // Expected value computed independently (Python: FNV-1a 64 of 0x1F + key, splitmix64 finaliser).
        Assert.Equal(0x45A9CCEF46E60042UL, StableHash.Fnv1a64("", "t000000001"));
        Assert.Equal("0.2721", StableHash.Unit("", "t000000001").ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Assign_Time_HoldsOutTheLatestRows()
    {
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var stamps = Enumerable.Range(0, 100).Select(i => start.AddMinutes((i * 37) % 100).ToString("O")).ToArray();
        var result = HoldoutSplit.Assign(new SplitSection { Method = "time", Column = "timestamp", HoldoutFraction = 0.2 }, stamps);
        Assert.Equal(20, result.Holdout.Length);
        var latestTrain = result.Train.Max(i => DateTimeOffset.Parse(stamps[i]));
        Assert.All(result.Holdout, i => Assert.True(DateTimeOffset.Parse(stamps[i]) >= latestTrain));
    }

    [Fact]
    public void Assign_Time_BadTimestamp_NamesRowAndColumn()
    {
        var e = Assert.Throws<InvalidDataException>(() =>
            HoldoutSplit.Assign(new SplitSection { Method = "time", Column = "timestamp", HoldoutFraction = 0.2 }, ["2026-01-01T00:00:00Z", "yesterday"]));
        Assert.Contains("row 2", e.Message);
        Assert.Contains("timestamp", e.Message);
    }
}
