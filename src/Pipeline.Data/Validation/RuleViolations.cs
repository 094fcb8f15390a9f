namespace Pipeline.Data.Validation;

/// <summary>How often one rule was broken, with the first rows that broke it.</summary>
public sealed record RuleViolations(string Column, string Rule, long Count, IReadOnlyList<Offender> FirstRows);
