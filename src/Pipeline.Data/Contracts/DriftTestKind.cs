namespace Pipeline.Data.Contracts;

/// <summary>Statistical comparison of a column against its baseline profile.</summary>
public enum DriftTestKind
{
    /// <summary>Population stability index over the baseline's decile bins (numeric) or categories; higher is worse.</summary>
    Psi,
    /// <summary>Two-sample Kolmogorov–Smirnov; thresholds are p-values (lower is worse), corrected for multiple columns.</summary>
    KolmogorovSmirnov,
    /// <summary>Wasserstein-1 distance divided by the baseline standard deviation; higher is worse.</summary>
    Wasserstein,
    /// <summary>Chi-square test of homogeneity of category counts; thresholds are p-values, corrected for multiple columns.</summary>
    ChiSquare,
    /// <summary>Jensen–Shannon divergence (base 2, in [0, 1]) of category shares; higher is worse.</summary>
    JensenShannon,
}
