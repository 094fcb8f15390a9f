namespace Pipeline.Data.Profiling;

/// <summary>Summary of a dataset from one pass: per-column statistics, sketches and category counts. Stored as a JSON artifact.</summary>
public sealed record DatasetProfile
{
    public const int CurrentSchemaVersion = 1;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>Contract id the data was read under, e.g. <c>transactions.v1</c>.</summary>
    public required string Contract { get; init; }

    /// <summary>File name of the dataset (not a full path, so profiles are stable across checkouts).</summary>
    public required string Source { get; init; }

    /// <summary>Data rows read (records after the header, blank lines excluded).</summary>
    public required long Rows { get; init; }

    public long RejectedRows { get; init; }

    public long Bytes { get; init; }

    public required IReadOnlyList<ColumnProfile> Columns { get; init; }

    public ColumnProfile? Column(string name) => Columns.FirstOrDefault(c => c.Name == name);
}
