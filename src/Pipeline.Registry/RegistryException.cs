namespace Pipeline.Registry;

/// <summary>A registry request that cannot be honoured (unknown version, conflicting digest, lost lock, newer schema).</summary>
public sealed class RegistryException(string message, Exception? inner = null) : Exception(message, inner);
