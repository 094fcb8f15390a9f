namespace Pipeline.Data.Contracts;

/// <summary>Which drift tests run on which columns, and how p-values are corrected for testing many columns.</summary>
public sealed record DriftRules
{
    public MultipleTestCorrection Correction { get; init; } = MultipleTestCorrection.Holm;

    public IReadOnlyList<DriftTestRule> NumericDefault { get; init; } =
        [DriftTestRule.Default(DriftTestKind.Psi), DriftTestRule.Default(DriftTestKind.KolmogorovSmirnov)];

    public IReadOnlyList<DriftTestRule> CategoricalDefault { get; init; } =
        [DriftTestRule.Default(DriftTestKind.Psi), DriftTestRule.Default(DriftTestKind.ChiSquare)];

    /// <summary>Per-column overrides; an empty list turns drift testing off for that column.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<DriftTestRule>> Columns { get; init; } =
        new Dictionary<string, IReadOnlyList<DriftTestRule>>(StringComparer.Ordinal);

    /// <summary>The tests that apply to a column of the given profile kind.</summary>
    public IReadOnlyList<DriftTestRule> For(string column, ProfileKind kind) =>
        Columns.TryGetValue(column, out var own) ? own
        : kind switch
        {
            ProfileKind.Numeric => NumericDefault,
            ProfileKind.Categorical => CategoricalDefault,
            _ => [],
        };
}

/// <summary>Family-wise correction applied to the p-values of all p-value drift tests of one run.</summary>
public enum MultipleTestCorrection
{
    None,
    Bonferroni,
    Holm,
}
