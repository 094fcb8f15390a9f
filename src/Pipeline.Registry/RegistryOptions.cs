using System.Security.Cryptography;

namespace Pipeline.Registry;

/// <summary>Clock, host identity and lock-token source of a registry; the defaults are the real ones.</summary>
public sealed record RegistryOptions
{
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Name of this host; a lock holder on this host whose process is gone is stale.</summary>
    public string HostName { get; init; } = Environment.MachineName;

    /// <summary>Source of lock tokens (must be unique per acquisition).</summary>
    public Func<string> NewLockToken { get; init; } = () => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>Test hook called between the writes of one transaction, by step name; throwing or dying there must leave no trace.</summary>
    internal Func<string, Task>? BetweenWrites { get; init; }
}
