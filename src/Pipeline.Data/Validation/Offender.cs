namespace Pipeline.Data.Validation;

/// <summary>One value that broke a rule: its 1-based data row, column and value as text (truncated).</summary>
public sealed record Offender(long Row, string Column, string Value);
