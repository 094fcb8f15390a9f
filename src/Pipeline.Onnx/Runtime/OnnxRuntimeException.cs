namespace Pipeline.Onnx.Runtime;

/// <summary>A native ONNX Runtime error, with ORT's own message and what Pipeline was doing (model, input, shapes).</summary>
public sealed class OnnxRuntimeException(OrtErrorCode code, string ortMessage, string context, Exception? inner = null)
    : Exception($"{context}: {ortMessage}", inner)
{
    public OrtErrorCode Code { get; } = code;

    /// <summary>The message exactly as ONNX Runtime reported it.</summary>
    public string OrtMessage { get; } = ortMessage;

    public string Context { get; } = context;
}
