using Pipeline.Evaluation.Gate;

namespace Pipeline.Evaluation.Tests.Gate;

public sealed class SegmentGroupsTests
{
    [Fact]
    public void Of_ValuesWithEmptyAndNull_GroupsInOrdinalOrderWithMissing()
    {
        string?[] country = ["b", null, "B", "a", "", "b"];
        var frame = SegmentGroups.Frame(new Dictionary<string, string?[]> { ["country"] = country }, ["country"], country.Length);

        var groups = SegmentGroups.Of(frame, "country");

        Assert.Equal(new[] { "(missing)", "B", "a", "b" }, groups.Values);
        Assert.Equal(new[] { 3, 0, 1, 2, 0, 3 }, groups.GroupOf);
        Assert.Equal(new int[][] { [1, 4], [2], [3], [0, 5] }, groups.Rows);
    }

    [Fact]
    public void Frame_PolicyAndProvidedColumns_HoldsOnlyColumnsInBoth()
    {
        var provided = new Dictionary<string, string?[]> { ["country"] = ["US", "GB"], ["extra"] = ["x", "y"] };

        var frame = SegmentGroups.Frame(provided, ["country", "card_present", "country"], 2);

        Assert.Equal(new[] { "country" }, frame.Columns.Select(c => c.Name));
        Assert.Equal(2, frame.Rows.Count);
    }

    [Fact]
    public void Frame_ColumnLengthDiffersFromRows_ThrowsNamingTheColumn()
    {
        var provided = new Dictionary<string, string?[]> { ["country"] = ["US", "GB", "DE"] };

        var e = Assert.Throws<ArgumentException>(() => SegmentGroups.Frame(provided, ["country"], 2));

        Assert.Equal("segment column country has 3 values for 2 rows", e.Message);
    }
}
