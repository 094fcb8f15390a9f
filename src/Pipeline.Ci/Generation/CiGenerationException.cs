namespace Pipeline.Ci.Generation;

/// <summary>The CI declaration does not match the build graph (e.g. an invoked target that does not exist).</summary>
public sealed class CiGenerationException(string message) : Exception(message);
