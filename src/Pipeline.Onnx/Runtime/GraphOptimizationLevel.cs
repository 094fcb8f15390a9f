namespace Pipeline.Onnx.Runtime;

/// <summary>ONNX Runtime graph optimisation levels.</summary>
public enum GraphOptimizationLevel
{
    None = 0,
    Basic = 1,
    Extended = 2,
    All = 99,
}
