namespace Pipeline.Onnx.Runtime;

/// <summary>The declared type of a model input or output: tensor (element type, shape), map (key, value) or sequence (element).</summary>
public sealed record ValueTypeInfo
{
    public required OnnxValueKind Kind { get; init; }

    /// <summary>Tensor element type; for maps the key type.</summary>
    public TensorElementType ElementType { get; init; }

    /// <summary>Tensor shape with symbolic dimensions kept; null when the model declares no shape.</summary>
    public IReadOnlyList<Dimension>? Shape { get; init; }

    /// <summary>Map value type or sequence element type.</summary>
    public ValueTypeInfo? Inner { get; init; }

    public override string ToString() => Kind switch
    {
        OnnxValueKind.Tensor => $"tensor({TensorElementTypes.OnnxName(ElementType)})" + (Shape is null or { Count: 0 } ? "" : $"[{string.Join(",", Shape)}]"),
        OnnxValueKind.Map => $"map({TensorElementTypes.OnnxName(ElementType)},{Inner})",
        OnnxValueKind.Sequence => $"seq({Inner})",
        _ => Kind.ToString().ToLowerInvariant(),
    };
}
