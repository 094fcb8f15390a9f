using Pipeline.Core.Models;
using Pipeline.Training.Linear;
using Pipeline.Training.LogisticRegression;
using Pipeline.Training.Preprocessing;

namespace Pipeline.Training.Export;

/// <summary>A trained built-in ridge (regression) or multinomial logistic (multiclass) model: preprocessing plan and linear head.</summary>
public sealed record LinearModel
{
    public required string Name { get; init; }
    public required ModelTask Task { get; init; }
    public required string Trainer { get; init; }
    public required PreprocessingPlan Plan { get; init; }
    public required LinearFit Fit { get; init; }
    public required LogisticRegressionOptions Options { get; init; }

    /// <summary>Output name: features.valueOutput (regression) or features.probabilityOutput (multiclass).</summary>
    public required string OutputName { get; init; }
    public string DataDigest { get; init; } = "";
    public IReadOnlyDictionary<string, string> InputNames { get; init; } = new Dictionary<string, string>();
}
