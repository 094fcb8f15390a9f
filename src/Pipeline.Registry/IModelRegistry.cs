using Pipeline.Registry.Aliases;
using Pipeline.Registry.Events;
using Pipeline.Registry.Listing;
using Pipeline.Registry.Locks;
using Pipeline.Registry.Migrations;
using Pipeline.Registry.State;
using Pipeline.Registry.Versions;

namespace Pipeline.Registry;

/// <summary>Model versions, aliases, deployment events, deployment state and per-model locks (SQLite or PostgreSQL).</summary>
public interface IModelRegistry : IAsyncDisposable
{
    /// <summary>Backend and location, without secrets, e.g. "sqlite .artifacts/registry.db".</summary>
    string Backend { get; }

    /// <summary>Registers a version and records a "register" event; the same label with the same digest returns the existing version.</summary>
    Task<ModelVersion> RegisterVersionAsync(NewModelVersion version, CancellationToken cancellationToken = default);

    Task<ModelVersion?> GetVersionAsync(string model, string version, CancellationToken cancellationToken = default);

    /// <summary>Versions of a model in registration order.</summary>
    Task<IReadOnlyList<ModelVersion>> ListVersionsAsync(string model, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<string>> ListModelsAsync(CancellationToken cancellationToken = default);

    /// <summary>Records the image built for a version (PackageImage runs after registration).</summary>
    Task SetImageDigestAsync(string model, string version, string imageDigest, CancellationToken cancellationToken = default);

    /// <summary>The version an alias points to (e.g. "production": champion model digest and baseline data profile digest), or null.</summary>
    Task<ModelVersion?> GetAliasAsync(string model, string alias, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ModelAlias>> ListAliasesAsync(string model, CancellationToken cancellationToken = default);

    /// <summary>Applies alias moves and deployment-state changes and records their event, all in one transaction.</summary>
    Task<DeploymentEvent> ApplyAsync(DeploymentChange change, CancellationToken cancellationToken = default);

    /// <summary>The last <paramref name="limit"/> events of a model, most recent first.</summary>
    Task<IReadOnlyList<DeploymentEvent>> ListEventsAsync(string model, int limit, CancellationToken cancellationToken = default);

    /// <summary>Writes what runs where for one variant (without an event; use <see cref="ApplyAsync"/> for decisions).</summary>
    Task<DeploymentSlot> UpsertSlotAsync(DeploymentSlot slot, CancellationToken cancellationToken = default);

    Task<bool> RemoveSlotAsync(string model, string variant, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<DeploymentSlot>> ListSlotsAsync(string model, CancellationToken cancellationToken = default);

    /// <summary>Takes the model's deployment lock if free (or stale and <see cref="LockRequest.BreakStale"/>); exactly one of racing callers wins.</summary>
    Task<LockAttempt> TryAcquireLockAsync(LockRequest request, CancellationToken cancellationToken = default);

    /// <summary>Extends the lease; false when the lease no longer holds the lock.</summary>
    Task<bool> RenewLockAsync(DeploymentLease lease, TimeSpan duration, CancellationToken cancellationToken = default);

    /// <summary>Releases the lock if this lease still holds it; false otherwise.</summary>
    Task<bool> ReleaseLockAsync(DeploymentLease lease, CancellationToken cancellationToken = default);

    /// <summary>The current holder of the model's lock and whether it is stale, or null when unlocked.</summary>
    Task<LockStatus?> GetLockAsync(string model, CancellationToken cancellationToken = default);

    /// <summary>Breaks the model's lock and records a "lock-broken" event; a live holder is only broken with <paramref name="force"/>.</summary>
    Task<LockBreak> BreakLockAsync(string model, string actor, string reason, bool force, CancellationToken cancellationToken = default);

    /// <summary>Versions, aliases, deployment state, lock and the last events of a model.</summary>
    Task<ModelListing> DescribeAsync(string model, int eventLimit, CancellationToken cancellationToken = default);

    /// <summary>Schema migrations applied to this registry, in order.</summary>
    Task<IReadOnlyList<AppliedMigration>> ListMigrationsAsync(CancellationToken cancellationToken = default);
}
