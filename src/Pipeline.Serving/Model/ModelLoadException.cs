namespace Pipeline.Serving.Model;

/// <summary>The ONNX model could not be opened or does not fit the mapping.</summary>
public sealed class ModelLoadException(string message, Exception? inner = null) : Exception(message, inner);
