namespace Pipeline.Core.Features;

/// <summary>Rows of feature values in columnar form: what a model scores. Missing numeric values are NaN, missing categories null.</summary>
public sealed class FeatureBatch
{
    public FeatureBatch(int rows) : this(rows, 0, 0) { }

    /// <summary>A batch whose column dictionaries are sized for the columns to come, so adding them never re-hashes (readers on the request path).</summary>
    public FeatureBatch(int rows, int numericColumns, int categoricalColumns)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        Rows = rows;
        Numeric = new(numericColumns, StringComparer.Ordinal);
        Categorical = new(categoricalColumns, StringComparer.Ordinal);
    }

    public int Rows { get; }

    public Dictionary<string, float[]> Numeric { get; }

    public Dictionary<string, string?[]> Categorical { get; }

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
