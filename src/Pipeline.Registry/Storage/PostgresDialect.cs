using System.Data.Common;
using Npgsql;
using NpgsqlTypes;

namespace Pipeline.Registry.Storage;

/// <summary>PostgreSQL through one Npgsql data source; writers of one model are serialized by a transaction-scoped advisory lock.</summary>
internal sealed class PostgresDialect : RegistryDialect
{
    // First key of the two-int advisory lock: a constant that marks the registry's locks.
    private const int AdvisoryClass = 20_261_122;
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _backend;

    public PostgresDialect(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        _backend = $"postgresql Host={builder.Host};Port={builder.Port};Database={builder.Database};Username={builder.Username}";
        _dataSource = NpgsqlDataSource.Create(builder);
    }

    public override string Backend => _backend;

    public override string MigrationsFolder => "Postgres";

    public override string CreateMigrationsTableSql =>
        "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL, applied_at timestamptz NOT NULL);";

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);

    public override async Task<DbTransaction> BeginWriteAsync(DbConnection connection, string? key, CancellationToken cancellationToken)
    {
        var transaction = await ((NpgsqlConnection)connection).BeginTransactionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand(
                key is null ? "SELECT pg_advisory_xact_lock(@c, 0)" : "SELECT pg_advisory_xact_lock(@c, hashtext(@k))",
                (NpgsqlConnection)connection, transaction);
            command.Parameters.AddWithValue("c", AdvisoryClass);
            if (key is not null)
                command.Parameters.AddWithValue("k", key);
            await command.ExecuteNonQueryAsync(cancellationToken);
            return transaction;
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
    }

    public override void AddTime(DbCommand command, string name, DateTimeOffset? value) =>
        command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.TimestampTz) { Value = value is { } v ? v.UtcDateTime : DBNull.Value });

    public override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);

    public override void AddJson(DbCommand command, string name, string json) =>
        command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Json) { Value = json });

    public override ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
