namespace Pipeline.Onnx.Runtime;

/// <summary>What the model file says about itself.</summary>
public sealed record ModelMetadata
{
    public required string ProducerName { get; init; }
    public required string GraphName { get; init; }
    public required string Domain { get; init; }
    public required string Description { get; init; }
    public required long Version { get; init; }

    /// <summary>The model's <c>metadata_props</c>.</summary>
    public required IReadOnlyDictionary<string, string> Custom { get; init; }
}
