using System.Diagnostics;

namespace Pipeline.Registry.Locks;

/// <summary>Who holds (or asks for) a model's deployment lock.</summary>
public sealed record LockHolder
{
    public required int ProcessId { get; init; }
    public required string Host { get; init; }

    /// <summary>Start time of the holder process; tells a live holder from a new process that reuses its pid.</summary>
    public DateTimeOffset? ProcessStartedAt { get; init; }

    public required string RunId { get; init; }

    /// <summary>User or CI job behind the run.</summary>
    public string Actor { get; init; } = "pipeline";

    /// <summary>The current process as a lock holder.</summary>
    public static LockHolder Current(string runId, string actor = "pipeline")
    {
        using var self = Process.GetCurrentProcess();
        return new LockHolder
        {
            ProcessId = Environment.ProcessId,
            Host = Environment.MachineName,
            ProcessStartedAt = ProcessLiveness.StartTimeOf(self),
            RunId = runId,
            Actor = actor,
        };
    }

    public override string ToString() => $"run {RunId} (pid {ProcessId} on host {Host}, by {Actor})";
}
