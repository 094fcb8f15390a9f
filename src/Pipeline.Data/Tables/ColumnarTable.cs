using System.Globalization;
using Pipeline.Core.Features;
using Pipeline.Core.Models;
using Pipeline.Data.Contracts;

namespace Pipeline.Data.Tables;

/// <summary>A dataset held in memory column by column: numbers as float (NaN for null), categories and strings as text.</summary>
public sealed class ColumnarTable
{
    private readonly Dictionary<string, ColumnContract> _contracts;
    private readonly Dictionary<string, float[]> _numeric;
    private readonly Dictionary<string, string?[]> _text;
    private readonly Dictionary<string, double[]> _seconds;

    internal ColumnarTable(int rows, IReadOnlyList<ColumnContract> columns, Dictionary<string, float[]> numeric,
        Dictionary<string, string?[]> text, Dictionary<string, double[]> seconds, long skippedRows)
    {
        RowCount = rows;
        Columns = columns.Select(c => c.Name).ToArray();
        _contracts = columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
        _numeric = numeric;
        _text = text;
        _seconds = seconds;
        SkippedRows = skippedRows;
    }

    public int RowCount { get; }

    /// <summary>Loaded column names, in contract order.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>Records left out because they could not be aligned with the header (ragged, broken quoting, invalid JSON, oversized).</summary>
    public long SkippedRows { get; }

    /// <summary>Values of an int, float, bool (0/1) or timestamp (Unix seconds) column; NaN where null or unparsable.</summary>
    public float[] Numeric(string column)
    {
        if (_numeric.TryGetValue(column, out var values)) return values;
        if (_text.TryGetValue(column, out var text))
        {
            var parsed = new float[text.Length];
            for (var i = 0; i < text.Length; i++)
                parsed[i] = float.TryParse(text[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var f) ? f : float.NaN;
            return _numeric[column] = parsed;
        }
        throw Unknown(column);
    }

    /// <summary>Values of a column as text (null where null); bools are <c>true</c>/<c>false</c>, numbers invariant-formatted.</summary>
    public string?[] Text(string column)
    {
        if (_text.TryGetValue(column, out var values)) return values;
        if (_numeric.TryGetValue(column, out var numbers))
        {
            var isBool = _contracts[column].Type == ColumnType.Bool;
            var text = new string?[numbers.Length];
            for (var i = 0; i < numbers.Length; i++)
                text[i] = float.IsNaN(numbers[i]) ? null
                    : isBool ? (numbers[i] != 0 ? "true" : "false")
                    : numbers[i].ToString(CultureInfo.InvariantCulture);
            return _text[column] = text;
        }
        throw Unknown(column);
    }

    /// <summary>Unix seconds (double precision) of a timestamp column; NaN where null or unparsable.</summary>
    public double[] Seconds(string column) =>
        _seconds.TryGetValue(column, out var s) ? s : throw new ArgumentException($"column '{column}' is not a loaded timestamp column", nameof(column));

    /// <summary>A multiclass label column as floats; throws if a value is not a class index 0..classes-1 or null.</summary>
    public float[] ClassLabels(string labelColumn, int classes)
    {
        var values = Numeric(labelColumn);
        for (var i = 0; i < values.Length; i++)
        {
            var v = values[i];
            if (!float.IsNaN(v) && (v < 0 || v >= classes || v != MathF.Floor(v)))
                throw new InvalidDataException($"label column {labelColumn} row {i + 1}: {v.ToString(CultureInfo.InvariantCulture)} is not a class index 0..{classes - 1} (a multiclass label of {classes} classes is required; data.classes names them in index order)");
        }
        return values;
    }

    /// <summary>A regression label column as floats; throws if a value is infinite (null stays NaN).</summary>
    public float[] Targets(string labelColumn)
    {
        var values = Numeric(labelColumn);
        for (var i = 0; i < values.Length; i++)
            if (float.IsInfinity(values[i]))
                throw new InvalidDataException($"label column {labelColumn} row {i + 1}: {values[i].ToString(CultureInfo.InvariantCulture)} is not a finite number (a regression label is required)");
        return values;
    }

    /// <summary>The 0/1 label column as floats; throws if a value is neither 0, 1 nor null.</summary>
    public float[] Labels(string labelColumn)
    {
        var values = Numeric(labelColumn);
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] is not (0f or 1f) && !float.IsNaN(values[i]))
                throw new InvalidDataException($"label column {labelColumn} row {i + 1}: {values[i].ToString(CultureInfo.InvariantCulture)} is not 0 or 1 (a binary label is required)");
        }
        return values;
    }

    /// <summary>The model's feature columns for all rows, or for the given row indices (0-based) in that order.</summary>
    public FeatureBatch ToFeatureBatch(FeatureMapping mapping, int[]? rows = null)
    {
        var batch = new FeatureBatch(rows?.Length ?? RowCount);
        foreach (var c in mapping.Numeric) batch.WithNumeric(c, rows is null ? (float[])Numeric(c).Clone() : Pick(Numeric(c), rows));
        foreach (var c in mapping.Categorical) batch.WithCategorical(c, rows is null ? (string?[])Text(c).Clone() : Pick(Text(c), rows));
        return batch;
    }

    private static T[] Pick<T>(T[] values, int[] rows)
    {
        var result = new T[rows.Length];
        for (var i = 0; i < rows.Length; i++) result[i] = values[rows[i]];
        return result;
    }

    private ArgumentException Unknown(string column) =>
        new($"column '{column}' is not in the table (loaded: {string.Join(", ", Columns)}); add it to the contract or to the columns to load", nameof(column));
}
