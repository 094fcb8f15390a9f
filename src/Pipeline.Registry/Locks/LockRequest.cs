namespace Pipeline.Registry.Locks;

/// <summary>A request for a model's deployment lock.</summary>
public sealed record LockRequest
{
    public required string Model { get; init; }
    public required LockHolder Holder { get; init; }

    /// <summary>How long the lock holds without renewal; past it the lock counts as stale.</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Take over a stale lock (dead holder or expired lease) instead of refusing; the break is recorded as an event.</summary>
    public bool BreakStale { get; init; }
}
