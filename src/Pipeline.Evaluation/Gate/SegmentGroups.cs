using Microsoft.Data.Analysis;

namespace Pipeline.Evaluation.Gate;

/// <summary>
/// The holdout's rows grouped by one segment column's value: a data frame of the segment columns and its <c>GroupBy</c>.
/// Groups come in ordinal order of their value; an empty value is the group <see cref="Missing"/>.
/// </summary>
internal sealed class SegmentGroups
{
    public const string Missing = "(missing)";

    private SegmentGroups(string[] values, int[] groupOf, int[][] rows)
    {
        Values = values;
        GroupOf = groupOf;
        Rows = rows;
    }

    /// <summary>Each group's value, in ordinal order.</summary>
    public string[] Values { get; }

    /// <summary>For each row, the index of its group in <see cref="Values"/>.</summary>
    public int[] GroupOf { get; }

    /// <summary>Each group's row indices, ascending.</summary>
    public int[][] Rows { get; }

    /// <summary>
    /// A frame with one string column per segment column the policy names and the input provides (empty values as
    /// <see cref="Missing"/>), for <see cref="Of"/>.
    /// </summary>
    public static DataFrame Frame(IReadOnlyDictionary<string, string?[]> provided, IEnumerable<string> policyColumns, int rows)
    {
        var frame = new DataFrame();
        foreach (var name in policyColumns.Distinct(StringComparer.Ordinal))
        {
            if (!provided.TryGetValue(name, out var values)) continue;
            if (values.Length != rows) throw new ArgumentException($"segment column {name} has {values.Length} values for {rows} rows");
            frame.Columns.Add(new StringDataFrameColumn(name, values.Select(v => string.IsNullOrEmpty(v) ? Missing : v)));
        }
        return frame;
    }

    /// <summary>The rows of <paramref name="frame"/> grouped by <paramref name="column"/> (the frame's grouping, as <c>GroupBy</c> uses it).</summary>
    public static SegmentGroups Of(DataFrame frame, string column)
    {
        // GroupBy's own grouping, with row indices (its Groupings hand out rows without their index).
        var grouped = frame[column].GroupColumnValues<string>(out _);
        var values = grouped.Keys.ToArray();
        // Report segments in ordinal order of their value.
        Array.Sort(values, StringComparer.Ordinal);
        var groupOf = new int[frame.Rows.Count];
        var rows = new int[values.Length][];
        for (var g = 0; g < values.Length; g++)
        {
            var indices = grouped[values[g]];
            var group = new int[indices.Count];
            var i = 0;
            foreach (var r in indices) group[i++] = (int)r;
            // The frame walks the rows in order, so this is already ascending; sorting keeps it so whatever it does.
            Array.Sort(group);
            foreach (var r in group) groupOf[r] = g;
            rows[g] = group;
        }
        return new SegmentGroups(values, groupOf, rows);
    }
}
