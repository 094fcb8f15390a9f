using System.Data.Common;
using Pipeline.Registry.Aliases;
using Pipeline.Registry.Versions;

namespace Pipeline.Registry.Storage;

internal sealed partial class SqlRegistry
{
    public Task<ModelVersion?> GetAliasAsync(string model, string alias, CancellationToken cancellationToken = default)
    {
        Names.Model(model);
        Names.Alias(alias);
        return ReadAsync(async connection =>
        {
            await using var command = Sql.Command(connection, null,
                $"SELECT {VersionColumns} FROM model_aliases a JOIN model_versions v ON v.model = a.model AND v.version = a.version "
                + "WHERE a.model = @m AND a.alias = @a");
            Sql.AddText(command, "m", model);
            Sql.AddText(command, "a", alias);
            var found = await ReadVersionsAsync(command, cancellationToken);
            return found.Count == 0 ? null : found[0];
        }, cancellationToken);
    }

    public Task<IReadOnlyList<ModelAlias>> ListAliasesAsync(string model, CancellationToken cancellationToken = default)
    {
        Names.Model(model);
        return ReadAsync(connection => SelectAliasesAsync(connection, null, model, cancellationToken), cancellationToken);
    }

    private async Task<IReadOnlyList<ModelAlias>> SelectAliasesAsync(DbConnection connection, DbTransaction? transaction, string model, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(connection, transaction, "SELECT model, alias, version, updated_at FROM model_aliases WHERE model = @m ORDER BY alias");
        Sql.AddText(command, "m", model);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var aliases = new List<ModelAlias>();
        while (await reader.ReadAsync(cancellationToken))
            aliases.Add(new ModelAlias(reader.GetString(0), reader.GetString(1), reader.GetString(2), _db.ReadTime(reader, 3)));
        return aliases;
    }

    private async Task MoveAliasAsync(DbConnection connection, DbTransaction transaction, string model, AliasMove move, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (move.Version is null)
        {
            await using var delete = Sql.Command(connection, transaction, "DELETE FROM model_aliases WHERE model = @m AND alias = @a");
            Sql.AddText(delete, "m", model);
            Sql.AddText(delete, "a", move.Alias);
            await delete.ExecuteNonQueryAsync(cancellationToken);
            return;
        }

        if (await SelectVersionAsync(connection, transaction, model, move.Version, cancellationToken) is null)
        {
            var known = string.Join(", ", (await KnownVersionsAsync(connection, transaction, model, cancellationToken)).DefaultIfEmpty("none"));
            throw new RegistryException(
                $"Cannot point alias {move.Alias} of model {model} at version {move.Version}: no such version in {Backend} (registered: {known}). "
                + "Nothing was changed. Register the version first or pick one of the registered versions.");
        }

        await using var upsert = Sql.Command(connection, transaction,
            "INSERT INTO model_aliases (model, alias, version, updated_at) VALUES (@m, @a, @v, @t) "
            + "ON CONFLICT (model, alias) DO UPDATE SET version = excluded.version, updated_at = excluded.updated_at");
        Sql.AddText(upsert, "m", model);
        Sql.AddText(upsert, "a", move.Alias);
        Sql.AddText(upsert, "v", move.Version);
        _db.AddTime(upsert, "t", now);
        await upsert.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<IReadOnlyList<string>> KnownVersionsAsync(DbConnection connection, DbTransaction transaction, string model, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(connection, transaction, "SELECT version FROM model_versions WHERE model = @m ORDER BY number");
        Sql.AddText(command, "m", model);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var versions = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
            versions.Add(reader.GetString(0));
        return versions;
    }
}
