namespace Pipeline.Onnx.Scoring;

/// <summary>The model's inputs/outputs do not fit the feature mapping; lists every mismatch.</summary>
public sealed class ModelMappingException(string model, IReadOnlyList<string> problems)
    : Exception($"{model} does not fit the feature mapping in model.yaml:\n  - " + string.Join("\n  - ", problems))
{
    public string Model { get; } = model;

    public IReadOnlyList<string> Problems { get; } = problems;
}
