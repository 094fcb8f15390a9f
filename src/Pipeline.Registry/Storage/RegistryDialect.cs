using System.Data.Common;

namespace Pipeline.Registry.Storage;

/// <summary>What differs between the SQLite and PostgreSQL backends: connections, write serialization, time and JSON columns.</summary>
internal abstract class RegistryDialect : IAsyncDisposable
{
    /// <summary>Backend and location for messages, without secrets.</summary>
    public abstract string Backend { get; }

    /// <summary>Folder of the embedded migrations, e.g. "Sqlite".</summary>
    public abstract string MigrationsFolder { get; }

    public abstract string CreateMigrationsTableSql { get; }

    /// <summary>Runs once before migrations (create the folder, switch the journal mode…).</summary>
    public virtual Task PrepareAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Starts a transaction that writes; writes with the same key (a model, or null for the schema) are serialized,
    /// so read-then-write logic inside it cannot race.
    /// </summary>
    public abstract Task<DbTransaction> BeginWriteAsync(DbConnection connection, string? key, CancellationToken cancellationToken);

    public abstract void AddTime(DbCommand command, string name, DateTimeOffset? value);

    public abstract DateTimeOffset ReadTime(DbDataReader reader, int ordinal);

    public abstract void AddJson(DbCommand command, string name, string json);

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
