namespace Pipeline.Registry.Locks;

/// <summary>Proof of holding a model's lock; release or renew it with the registry.</summary>
public sealed record DeploymentLease(string Model, string Token, LockHolder Holder, DateTimeOffset AcquiredAt, DateTimeOffset ExpiresAt);
