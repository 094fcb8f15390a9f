namespace Pipeline.Registry.Locks;

/// <summary>Outcome of asking for a lock: the lease when acquired, otherwise the current holder and what to do.</summary>
public sealed record LockAttempt
{
    public required bool Acquired { get; init; }
    public DeploymentLease? Lease { get; init; }

    /// <summary>The holder that kept the lock (not acquired), or the stale holder that was broken (acquired with BreakStale).</summary>
    public LockStatus? Other { get; init; }

    public required string Message { get; init; }
}
