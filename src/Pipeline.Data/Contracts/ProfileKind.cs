namespace Pipeline.Data.Contracts;

/// <summary>How a column is summarised in a profile: numeric sketch, category counts, time range or text lengths.</summary>
public enum ProfileKind
{
    Numeric,
    Categorical,
    Timestamp,
    Text,
}
