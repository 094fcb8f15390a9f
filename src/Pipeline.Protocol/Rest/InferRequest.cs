using Pipeline.Protocol.Tensors;

namespace Pipeline.Protocol.Rest;

/// <summary>An Open Inference Protocol v2 inference request, as read from REST (JSON or binary) or gRPC.</summary>
public sealed record InferRequest
{
    public string? Id { get; init; }
    public required IReadOnlyList<Tensor> Inputs { get; init; }

    /// <summary>The outputs the client asked for (empty: all of them).</summary>
    public IReadOnlyList<RequestedOutput> Outputs { get; init; } = [];

    /// <summary>The request-level <c>binary_data_output</c> parameter: every output in binary unless one says otherwise.</summary>
    public bool BinaryDataOutput { get; init; }

    /// <summary>Whether the answer carries output <paramref name="name"/> in binary.</summary>
    public bool WantsBinary(string name)
    {
        foreach (var o in Outputs) if (o.Name == name && o.Binary is { } b) return b;
        return BinaryDataOutput;
    }
}

/// <summary>One entry of a request's <c>outputs</c>: the output's name and its <c>binary_data</c> parameter if given.</summary>
public sealed record RequestedOutput(string Name, bool? Binary = null);
