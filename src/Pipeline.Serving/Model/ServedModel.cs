using Pipeline.Core.Models;

namespace Pipeline.Serving.Model;

/// <summary>What the server serves: identity labels and the feature signature derived from the model.yaml mapping.</summary>
public sealed record ServedModel
{
    public required string Name { get; init; }
    public required string Version { get; init; }
    public required string Variant { get; init; }
    public required IReadOnlyList<FeatureColumn> Columns { get; init; }

    /// <summary><c>named</c> (one [N,1] input per column) or <c>tensor</c> (numeric columns as one [N,F] input).</summary>
    public string Mode { get; init; } = "named";
    public string TensorInput { get; init; } = "input";
    public string OutputName { get; init; } = "probability";
    public string Platform { get; init; } = "onnxruntime_onnx";

    /// <summary>What the model predicts: a probability (binary), K class probabilities (multiclass) or a value (regression).</summary>
    public ModelTask Task { get; init; } = ModelTask.Binary;

    /// <summary>Multiclass: class names in index order.</summary>
    public IReadOnlyList<string> Classes { get; init; } = [];

    /// <summary>Upper bounds of the served prediction histogram (see <see cref="Pipeline.Core.Monitoring.PredictionBuckets"/>).</summary>
    public IReadOnlyList<double> ScoreBuckets { get; init; } = Pipeline.Core.Monitoring.RolloutBuckets.Scores;

    public static ServedModel From(FeatureMapping mapping, string name, string version, string variant) => new()
    {
        Name = name,
        Version = version,
        Variant = variant,
        Mode = mapping.Mode,
        TensorInput = mapping.TensorInput,
        OutputName = mapping.OutputName,
        Task = mapping.Task,
        ScoreBuckets = Pipeline.Core.Monitoring.PredictionBuckets.Default(mapping.Task, mapping.ClassCount),
        Columns =
        [
            .. mapping.Numeric.Select(c => new FeatureColumn(c, FeatureKind.Numeric, mapping.InputNames.GetValueOrDefault(c, c))),
            .. mapping.Categorical.Select(c => new FeatureColumn(c, FeatureKind.Categorical, mapping.InputNames.GetValueOrDefault(c, c))),
        ],
    };

    public IEnumerable<FeatureColumn> Numeric => Columns.Where(c => c.Kind == FeatureKind.Numeric);
    public IEnumerable<FeatureColumn> Categorical => Columns.Where(c => c.Kind == FeatureKind.Categorical);
}
