namespace Pipeline.Data.Validation;

/// <summary>Names of the rules a verdict check or violation refers to.</summary>
internal static class Rules
{
    public const string Type = "type";
    public const string NotNull = "not null";
    public const string Min = "min";
    public const string Max = "max";
    public const string Allowed = "allowed values";
    public const string Regex = "regex";
    public const string Unique = "unique";
    public const string FieldSize = "field size";
    public const string Shape = "shape";
    public const string Encoding = "encoding";
    public const string File = "(file)";
}
