namespace Pipeline.Data.Contracts;

/// <summary>One drift test with its warn and fail thresholds.</summary>
public sealed record DriftTestRule(DriftTestKind Test, double Warn, double Fail)
{
    /// <summary>True for tests whose statistic is a p-value: smaller is worse and multiple-testing correction applies.</summary>
    public bool IsPValue => Test is DriftTestKind.KolmogorovSmirnov or DriftTestKind.ChiSquare;

    public static DriftTestRule Default(DriftTestKind test) => test switch
    {
        DriftTestKind.Psi => new(test, 0.1, 0.25),
        DriftTestKind.KolmogorovSmirnov => new(test, 0.05, 0.01),
        DriftTestKind.ChiSquare => new(test, 0.05, 0.01),
        DriftTestKind.Wasserstein => new(test, 0.1, 0.25),
        DriftTestKind.JensenShannon => new(test, 0.05, 0.1),
        _ => throw new ArgumentOutOfRangeException(nameof(test), test, null),
    };
}
