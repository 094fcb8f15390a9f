namespace Pipeline.Onnx.Acquisition;

/// <summary>The ONNX Runtime native library could not be found, fetched, verified or loaded; the message says how to fix it.</summary>
public sealed class OrtLibraryException(string message, Exception? inner = null) : Exception(message, inner);
