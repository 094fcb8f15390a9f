namespace Pipeline.Core.Features;

/// <summary>Rows of feature values in columnar form: what a model scores. Missing numeric values are NaN, missing categories null.</summary>
public sealed class FeatureBatch
{
    public FeatureBatch(int rows)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        Rows = rows;
    }

    public int Rows { get; }

    public Dictionary<string, float[]> Numeric { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string?[]> Categorical { get; } = new(StringComparer.Ordinal);

    public FeatureBatch WithNumeric(string column, float[] values)
    {
        if (values.Length != Rows) throw new ArgumentException($"column {column} has {values.Length} values, batch has {Rows} rows", nameof(values));
        Numeric[column] = values;
        return this;
    }

    public FeatureBatch WithCategorical(string column, string?[] values)
    {
        if (values.Length != Rows) throw new ArgumentException($"column {column} has {values.Length} values, batch has {Rows} rows", nameof(values));
        Categorical[column] = values;
        return this;
    }

    /// <summary>Rows [start, start+count) as a new batch (copies).</summary>
    public FeatureBatch Slice(int start, int count)
    {
        var slice = new FeatureBatch(count);
        foreach (var (k, v) in Numeric) slice.Numeric[k] = v.AsSpan(start, count).ToArray();
        foreach (var (k, v) in Categorical) slice.Categorical[k] = v.AsSpan(start, count).ToArray();
        return slice;
    }
}
