using System.Data.Common;
using Pipeline.Registry.Storage;

namespace Pipeline.Registry.Migrations;

/// <summary>Applies the embedded migrations not yet recorded in schema_migrations, in order, in one transaction.</summary>
internal static class MigrationRunner
{
    public static async Task ApplyAsync(RegistryDialect db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var migrations = Migration.Load(db.MigrationsFolder);
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var transaction = await db.BeginWriteAsync(connection, null, cancellationToken);
        await using (var create = Sql.Command(connection, transaction, db.CreateMigrationsTableSql))
            await create.ExecuteNonQueryAsync(cancellationToken);

        var applied = await ReadAppliedAsync(db, connection, transaction, cancellationToken);
        foreach (var done in applied)
        {
            if (done.Version > migrations.Count)
                throw new RegistryException(
                    $"Registry {db.Backend} has schema version {applied[^1].Version} ({applied[^1].Name}), newer than this build knows ({migrations.Count}). "
                    + "Update Pipeline to the version that wrote it, or point --registry at another database.");
            var known = migrations[done.Version - 1];
            if (known.Checksum != done.Checksum)
                throw new RegistryException(
                    $"Registry {db.Backend}: migration {done.Version} ({done.Name}) was applied with checksum {done.Checksum}, "
                    + $"but this build's {known.Name} has {known.Checksum}. Applied migrations are append-only: revert the edit and add a new migration.");
        }

        foreach (var migration in migrations.Skip(applied.Count))
        {
            await using (var apply = Sql.Command(connection, transaction, migration.Sql))
                await apply.ExecuteNonQueryAsync(cancellationToken);
            await using var record = Sql.Command(connection, transaction,
                "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (@v, @n, @c, @t)");
            Sql.AddInt64(record, "v", migration.Version);
            Sql.AddText(record, "n", migration.Name);
            Sql.AddText(record, "c", migration.Checksum);
            db.AddTime(record, "t", now);
            await record.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public static async Task<IReadOnlyList<AppliedMigration>> ReadAppliedAsync(
        RegistryDialect db, DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(connection, transaction, "SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var applied = new List<AppliedMigration>();
        while (await reader.ReadAsync(cancellationToken))
            applied.Add(new AppliedMigration((int)Sql.Int64(reader, 0), reader.GetString(1), reader.GetString(2), db.ReadTime(reader, 3)));
        return applied;
    }
}
