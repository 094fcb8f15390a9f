namespace Pipeline.Registry.Locks;

/// <summary>Outcome of an explicit lock break: whether it was broken, whose it was, and a message for the console.</summary>
public sealed record LockBreak(bool Broken, LockStatus? Holder, string Message);
