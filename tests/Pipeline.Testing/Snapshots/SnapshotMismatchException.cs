namespace Pipeline.Testing;

/// <summary>The received snapshot differs from the verified one (or there is no verified one yet).</summary>
public sealed class SnapshotMismatchException(string message) : Exception(message);
