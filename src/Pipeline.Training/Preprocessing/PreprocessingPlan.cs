namespace Pipeline.Training.Preprocessing;

/// <summary>Fitted preprocessing: what the exported ONNX graph does to raw columns before the linear model.</summary>
public sealed record PreprocessingPlan
{
    public required IReadOnlyList<NumericTransform> Numeric { get; init; }
    public required IReadOnlyList<CategoricalTransform> Categorical { get; init; }

    /// <summary>Numeric columns that also get a 0/1 "was missing" feature (those with missing values in training).</summary>
    public IEnumerable<NumericTransform> Indicators => Numeric.Where(n => n.MissingIndicator);

    /// <summary>Width of the design matrix: numeric + indicators + one-hot columns.</summary>
    public int Width => Numeric.Count + Indicators.Count() + Categorical.Sum(c => c.Categories.Count);

    /// <summary>Names of design-matrix columns in order, e.g. <c>amount</c>, <c>customer_age_missing</c>, <c>country=US</c>.</summary>
    public IEnumerable<string> FeatureNames =>
        Numeric.Select(n => n.Column)
            .Concat(Indicators.Select(n => n.Column + "_missing"))
            .Concat(Categorical.SelectMany(c => c.Categories.Select(v => $"{c.Column}={v}")));
}

/// <summary>Median imputation then standardisation of one numeric column.</summary>
public sealed record NumericTransform(string Column, float Median, float Mean, float StdDev, bool MissingIndicator, int MissingCount);

/// <summary>One-hot encoding of one categorical column; values outside <see cref="Categories"/> (unseen, rare or missing) encode as all zeros.</summary>
public sealed record CategoricalTransform(string Column, IReadOnlyList<string> Categories, int UnseenCount);
