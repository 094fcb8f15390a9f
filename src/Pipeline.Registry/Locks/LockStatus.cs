namespace Pipeline.Registry.Locks;

/// <summary>The current holder of a model's lock and whether it looks stale.</summary>
public sealed record LockStatus
{
    public required string Model { get; init; }
    public required LockHolder Holder { get; init; }
    public required DateTimeOffset AcquiredAt { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>Why the lock is stale (dead holder process, expired lease), or null while the holder looks alive.</summary>
    public string? StaleReason { get; init; }

    public bool IsStale => StaleReason is not null;

    internal string Token { get; init; } = "";

    /// <summary>One line for a console: holder, since when, until when, staleness.</summary>
    public string Describe() =>
        $"held by {Holder} since {LockText.Time(AcquiredAt)}, lease until {LockText.Time(ExpiresAt)}"
        + (IsStale ? $"; stale: {StaleReason}" : "");
}
