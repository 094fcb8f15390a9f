namespace Pipeline.Data.Contracts;

/// <summary>Rules for one column of a dataset.</summary>
public sealed record ColumnContract
{
    public required string Name { get; init; }

    public required ColumnType Type { get; init; }

    /// <summary>Timestamp format: <c>iso8601</c> (default) or a .NET custom format string read as UTC.</summary>
    public string? Format { get; init; }

    public bool Nullable { get; init; }

    /// <summary>Largest share of null values allowed (only meaningful when <see cref="Nullable"/>).</summary>
    public double? MaxNullRate { get; init; }

    public double? Min { get; init; }

    public double? Max { get; init; }

    /// <summary>The only values allowed (category, string, int, bool columns).</summary>
    public IReadOnlyList<string>? Allowed { get; init; }

    public string? Regex { get; init; }

    public bool Unique { get; init; }

    /// <summary>True for the label column of a supervised dataset.</summary>
    public bool Label { get; init; }

    /// <summary><c>hash</c> or <c>drop</c>: how the servers' prediction logs treat the column (null: logged as is).</summary>
    public string? Sensitive { get; init; }

    /// <summary>Line of the column's entry in the contract file, for messages.</summary>
    public int Line { get; init; }

    /// <summary>How the column is profiled and compared for drift.</summary>
    public ProfileKind Kind => Type switch
    {
        ColumnType.Category or ColumnType.Bool => ProfileKind.Categorical,
        ColumnType.Int when Label || Allowed is not null => ProfileKind.Categorical,
        ColumnType.Int or ColumnType.Float => ProfileKind.Numeric,
        ColumnType.Timestamp => ProfileKind.Timestamp,
        _ => ProfileKind.Text,
    };
}
