using Pipeline.Registry.Locks;

namespace Pipeline.Deployment.Release;

/// <summary>What <see cref="ReleaseRecovery"/> found on a model before Status or Rollback, and what it did about it.</summary>
public sealed record RecoveryReport
{
    public required RecoveryKind Kind { get; init; }

    /// <summary>One plain sentence for the console: what was found and what was done.</summary>
    public required string Message { get; init; }

    /// <summary>The live holder (<see cref="RecoveryKind.ReleaseRunning"/>) or the dead one whose lock was broken.</summary>
    public LockStatus? Holder { get; init; }
}

public enum RecoveryKind
{
    /// <summary>No interrupted release: the lock was free.</summary>
    NothingInterrupted,

    /// <summary>An interrupted release left its lock but no canary: the lock was broken, nothing else changed.</summary>
    StaleLockBroken,

    /// <summary>An interrupted release left a canary: the lock was broken and the canary rolled back.</summary>
    CanaryRolledBack,

    /// <summary>An interrupted release had switched production blue-green and never concluded the bake: the lock was broken and
    /// production switched back to the previous version.</summary>
    BakeSwitchedBack,

    /// <summary>A live process holds the lock: a release is running, nothing was changed.</summary>
    ReleaseRunning,
}
