using Pipeline.Data.Contracts;

namespace Pipeline.Data.Profiling;

/// <summary>Statistics of one column. Numeric fields are set for numeric and timestamp columns, categories for categorical ones.</summary>
public sealed record ColumnProfile
{
    public required string Name { get; init; }

    public required ColumnType Type { get; init; }

    public required ProfileKind Kind { get; init; }

    /// <summary>Values present and valid for the column type.</summary>
    public long Count { get; init; }

    public long Nulls { get; init; }

    /// <summary>Values present but not parsable as the column type.</summary>
    public long Invalid { get; init; }

    public double? Mean { get; init; }

    public double? Std { get; init; }

    public double? Min { get; init; }

    public double? Max { get; init; }

    /// <summary>p01 … p99 from the sketch (relative error ≤ 1 %).</summary>
    public IReadOnlyDictionary<string, double>? Quantiles { get; init; }

    /// <summary>Equal-width bins over [min, max]; counts derived from the sketch.</summary>
    public IReadOnlyList<HistogramBin>? Histogram { get; init; }

    public SketchData? Sketch { get; init; }

    /// <summary>Most frequent categories, most frequent first (all of them up to the profile's cap).</summary>
    public IReadOnlyList<CategoryCount>? Categories { get; init; }

    /// <summary>Values not listed in <see cref="Categories"/> because the distinct-value cap was reached.</summary>
    public long OtherCount { get; init; }

    public int? Distinct { get; init; }

    /// <summary>For timestamps: earliest and latest value, ISO-8601 UTC.</summary>
    public string? First { get; init; }

    public string? Last { get; init; }

    /// <summary>For text columns: shortest and longest value in UTF-8 bytes.</summary>
    public int? MinLength { get; init; }

    public int? MaxLength { get; init; }

    public double NullRate => Count + Nulls + Invalid == 0 ? 0 : Nulls / (double)(Count + Nulls + Invalid);
}

public sealed record HistogramBin(double Lower, double Upper, long Count);

public sealed record CategoryCount(string Value, long Count);
