namespace Pipeline.Core.Models;

/// <summary>How contract columns become model inputs.</summary>
public sealed record FeatureMapping
{
    /// <summary><c>named</c>: each column is its own input of shape [N,1]; <c>tensor</c>: columns in order form one [N,F] float input.</summary>
    public string Mode { get; init; } = "named";

    /// <summary>Numeric feature columns, in order.</summary>
    public List<string> Numeric { get; init; } = [];

    /// <summary>Categorical feature columns, in order.</summary>
    public List<string> Categorical { get; init; } = [];

    /// <summary>For <c>tensor</c> mode: the input name. For <c>named</c> mode: optional column → input name overrides.</summary>
    public string TensorInput { get; init; } = "input";

    public Dictionary<string, string> InputNames { get; init; } = new();

    /// <summary>Output holding the positive-class probability (a tensor [N] / [N,2], or a ZipMap sequence of maps).</summary>
    public string ProbabilityOutput { get; init; } = "probability";

    public IEnumerable<string> AllColumns => Numeric.Concat(Categorical);
}
