namespace Pipeline.Data.Contracts;

/// <summary>The type a contract column's values must have.</summary>
public enum ColumnType
{
    Int,
    Float,
    Bool,
    String,
    Category,
    Timestamp,
}
