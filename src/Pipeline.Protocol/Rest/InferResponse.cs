using Pipeline.Protocol.Tensors;

namespace Pipeline.Protocol.Rest;

/// <summary>An Open Inference Protocol v2 inference answer.</summary>
public sealed record InferResponse
{
    public required string ModelName { get; init; }
    public string? ModelVersion { get; init; }
    public string? Id { get; init; }
    public required IReadOnlyList<Tensor> Outputs { get; init; }
}
