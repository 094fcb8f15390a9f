namespace Pipeline.Build;

/// <summary>A mistake in the graph or on the command line, found before anything runs (exit code 2).</summary>
public sealed class BuildGraphException(string message) : Exception(message);
