namespace Pipeline.Onnx.Runtime;

/// <summary>A model output copied into managed memory: a tensor, a map or a sequence.</summary>
public abstract class OnnxValue
{
    public abstract OnnxValueKind Kind { get; }
}
