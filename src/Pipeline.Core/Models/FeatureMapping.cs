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

    /// <summary>Regression: the output holding the predicted value (a tensor [N] or [N,1]).</summary>
    public string ValueOutput { get; init; } = "value";

    /// <summary>The model's task (copied from model.yaml's <c>task</c> by the loader): decides how the output is read.</summary>
    [YamlDotNet.Serialization.YamlIgnore]
    public ModelTask Task { get; init; } = ModelTask.Binary;

    /// <summary>Multiclass: K, the number of classes (copied from <c>data.classes</c> by the loader); 0 otherwise.</summary>
    [YamlDotNet.Serialization.YamlIgnore]
    public int ClassCount { get; init; }

    /// <summary>The output the scorer reads: <see cref="ValueOutput"/> for regression, else <see cref="ProbabilityOutput"/>.</summary>
    [YamlDotNet.Serialization.YamlIgnore]
    public string OutputName => Task == ModelTask.Regression ? ValueOutput : ProbabilityOutput;

    /// <summary>Values the scorer writes per row: K class probabilities for multiclass, else one (probability or value).</summary>
    [YamlDotNet.Serialization.YamlIgnore]
    public int OutputWidth => Task == ModelTask.Multiclass ? ClassCount : 1;

    public IEnumerable<string> AllColumns => Numeric.Concat(Categorical);
}
