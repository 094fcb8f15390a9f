namespace Pipeline.Onnx.Runtime;

/// <summary>Run operators one after another, or independent branches in parallel.</summary>
public enum ExecutionMode
{
    Sequential = 0,
    Parallel = 1,
}
