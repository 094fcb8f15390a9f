namespace Pipeline.Build;

/// <summary>
/// An output declared once, with the target that produces it and what it holds (NUKE's Produces/Consumes in spirit):
/// a JSON document of <typeparamref name="T"/>, written with <see cref="TargetContext.Write{T}"/> and read with <see cref="TargetContext.Read{T}"/>.
/// </summary>
public sealed record JsonOutput<T>(string Target, string Name, string MediaType = "application/json");

/// <summary>An output declared once that is a file-like blob (an ONNX model, an image archive, a profile), read as a path in the store.</summary>
public sealed record BlobOutput(string Target, string Name, string MediaType);
