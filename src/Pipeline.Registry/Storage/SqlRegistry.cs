using System.Data.Common;
using Pipeline.Registry.Migrations;

namespace Pipeline.Registry.Storage;

/// <summary>The registry over ADO.NET; one connection per call (pooled), so one instance is safe to share between tasks.</summary>
internal sealed partial class SqlRegistry : IModelRegistry
{
    private readonly RegistryDialect _db;
    private readonly RegistryOptions _options;

    private SqlRegistry(RegistryDialect db, RegistryOptions options)
    {
        _db = db;
        _options = options;
    }

    public string Backend => _db.Backend;

    /// <summary>Opens the backend and brings its schema up to date (idempotent; concurrent openers are serialized).</summary>
    public static async Task<SqlRegistry> OpenAsync(RegistryDialect db, RegistryOptions options, CancellationToken cancellationToken)
    {
        try
        {
            await db.PrepareAsync(cancellationToken);
            await MigrationRunner.ApplyAsync(db, Now(options.Time), cancellationToken);
            return new SqlRegistry(db, options);
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _db.DisposeAsync();

    public async Task<IReadOnlyList<AppliedMigration>> ListMigrationsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _db.OpenAsync(cancellationToken);
        return await MigrationRunner.ReadAppliedAsync(_db, connection, null, cancellationToken);
    }

    // Both backends keep microseconds; truncating here makes what is read back equal what was written.
    internal static DateTimeOffset Now(TimeProvider time)
    {
        var now = time.GetUtcNow();
        return new DateTimeOffset(now.UtcTicks - now.UtcTicks % 10, TimeSpan.Zero);
    }

    private DateTimeOffset Now() => Now(_options.Time);

    private Task Step(string name) => _options.BetweenWrites?.Invoke(name) ?? Task.CompletedTask;

    private async Task<T> WriteAsync<T>(string key, Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken);
        await using var transaction = await _db.BeginWriteAsync(connection, key, cancellationToken);
        var result = await work(connection, transaction);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    private async Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken);
        return await work(connection);
    }
}
