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
}
