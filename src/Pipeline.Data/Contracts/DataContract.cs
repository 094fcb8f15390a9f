namespace Pipeline.Data.Contracts;

/// <summary>A versioned dataset contract: schema, row and dataset rules, and drift tests.</summary>
public sealed record DataContract
{
    /// <summary><c>&lt;name&gt;.v&lt;version&gt;</c>, e.g. <c>transactions.v1</c>.</summary>
    public string Id => $"{Name}.v{Version}";

    public required string Name { get; init; }

    public required int Version { get; init; }

    public string? Description { get; init; }

    /// <summary>The file the contract was read from ("" when built in code).</summary>
    public string File { get; init; } = "";

    public DataFormat Format { get; init; } = DataFormat.Auto;

    public DatasetRules Dataset { get; init; } = new();

    public required IReadOnlyList<ColumnContract> Columns { get; init; }

    public DriftRules Drift { get; init; } = new();

    public ColumnContract? Column(string name) => Columns.FirstOrDefault(c => c.Name == name);

    /// <summary>The label column, if the contract marks one.</summary>
    public ColumnContract? LabelColumn => Columns.FirstOrDefault(c => c.Label);

    /// <summary>
    /// The contract restricted to <paramref name="columns"/> (in contract order): their rules and drift tests unchanged, the key and
    /// freshness rules only when their column is kept. For a dataset that cannot carry every column, e.g. one built from the servers'
    /// prediction logs, which never see the columns a model does not read.
    /// </summary>
    public DataContract View(IEnumerable<string> columns)
    {
        var keep = columns.ToHashSet(StringComparer.Ordinal);
        return this with
        {
            Columns = Columns.Where(c => keep.Contains(c.Name)).ToList(),
            Dataset = Dataset with
            {
                PrimaryKey = Dataset.PrimaryKey is { } key && keep.Contains(key) ? key : null,
                Freshness = Dataset.Freshness is { } f && keep.Contains(f.Column) ? f : null,
            },
        };
    }
}
