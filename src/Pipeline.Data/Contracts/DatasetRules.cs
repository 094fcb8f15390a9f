namespace Pipeline.Data.Contracts;

/// <summary>Rules that concern the dataset as a whole.</summary>
public sealed record DatasetRules
{
    public long MinRows { get; init; }

    public long? MaxRows { get; init; }

    /// <summary>Column whose values must be unique and not null.</summary>
    public string? PrimaryKey { get; init; }

    public FreshnessRule? Freshness { get; init; }

    /// <summary>Largest share of rows that may break a row-level rule (type, range, allowed values, regex, shape) before the gate fails.</summary>
    public double MaxRejectedShare { get; init; }

    /// <summary>When false, a column in the file that the contract does not name fails the header check.</summary>
    public bool AllowExtraColumns { get; init; }
}

/// <summary>The newest value of a timestamp column must be at most <paramref name="MaxAge"/> older than the run's clock.</summary>
public sealed record FreshnessRule(string Column, TimeSpan MaxAge);
