using System.Data.Common;
using System.Text.Json.Nodes;
using Pipeline.Registry.Events;
using Pipeline.Registry.Versions;

namespace Pipeline.Registry.Storage;

internal sealed partial class SqlRegistry
{
    private const string VersionColumns =
        "v.model, v.version, v.number, v.model_digest, v.image_digest, v.metrics_json, v.lineage_json, v.created_at, v.created_by";

    public Task<ModelVersion> RegisterVersionAsync(NewModelVersion version, CancellationToken cancellationToken = default)
    {
        var model = Names.Model(version.Model);
        if (version.Version is not null)
            Names.Version(version.Version);
        Names.Required(version.ModelDigest, "model digest");
        Names.Required(version.Actor, "actor");
        Names.Json(version.MetricsJson, "metrics JSON");

        return WriteAsync(model, async (connection, transaction) =>
        {
            if (version.Version is not null && await SelectVersionAsync(connection, transaction, model, version.Version, cancellationToken) is { } existing)
            {
                return existing.ModelDigest == version.ModelDigest
                    ? existing
                    : throw new RegistryException(
                        $"Model {model} version {version.Version} is already registered with model digest {existing.ModelDigest}; "
                        + $"the new one has {version.ModelDigest}. A label names one model for good: register under a new label, or omit the label to get the next one.");
            }

            var number = await NextNumberAsync(connection, transaction, model, cancellationToken);
            var label = version.Version ?? await FreeLabelAsync(connection, transaction, model, number, cancellationToken);
            var registered = new ModelVersion
            {
                Model = model,
                Version = label,
                Number = number,
                ModelDigest = version.ModelDigest,
                ImageDigest = version.ImageDigest,
                MetricsJson = version.MetricsJson,
                Lineage = version.Lineage,
                CreatedAt = Now(),
                CreatedBy = version.Actor,
            };
            await InsertVersionAsync(connection, transaction, registered, cancellationToken);
            await Step("version-written");

            var evidence = new JsonObject
            {
                ["modelDigest"] = registered.ModelDigest,
                ["imageDigest"] = registered.ImageDigest,
                ["metrics"] = JsonNode.Parse(registered.MetricsJson),
                ["lineage"] = JsonNode.Parse(LineageJson.Write(registered.Lineage)),
            };
            await InsertEventAsync(connection, transaction, new DeploymentChange
            {
                Model = model,
                Action = DeploymentActions.Register,
                Actor = version.Actor,
                Reason = $"registered {label} (model {registered.ModelDigest})",
                ToVersion = label,
                EvidenceJson = evidence.ToJsonString(),
                RunId = version.Lineage.RunId,
            }, registered.CreatedAt, cancellationToken);
            return registered;
        }, cancellationToken);
    }

    public Task<ModelVersion?> GetVersionAsync(string model, string version, CancellationToken cancellationToken = default)
    {
        Names.Model(model);
        return ReadAsync(connection => SelectVersionAsync(connection, null, model, version, cancellationToken), cancellationToken);
    }

    public Task<IReadOnlyList<ModelVersion>> ListVersionsAsync(string model, CancellationToken cancellationToken = default)
    {
        Names.Model(model);
        return ReadAsync(async connection =>
        {
            await using var command = Sql.Command(connection, null, $"SELECT {VersionColumns} FROM model_versions v WHERE v.model = @m ORDER BY v.number");
            Sql.AddText(command, "m", model);
            return await ReadVersionsAsync(command, cancellationToken);
        }, cancellationToken);
    }

    public Task<IReadOnlyList<string>> ListModelsAsync(CancellationToken cancellationToken = default) => ReadAsync(async connection =>
    {
        await using var command = Sql.Command(connection, null,
            "SELECT model FROM model_versions UNION SELECT model FROM deployment_events UNION SELECT model FROM deployment_slots ORDER BY model");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var models = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
            models.Add(reader.GetString(0));
        return (IReadOnlyList<string>)models;
    }, cancellationToken);

    public Task SetImageDigestAsync(string model, string version, string imageDigest, CancellationToken cancellationToken = default)
    {
        Names.Model(model);
        Names.Required(imageDigest, "image digest");
        return WriteAsync(model, async (connection, transaction) =>
        {
            await using var command = Sql.Command(connection, transaction, "UPDATE model_versions SET image_digest = @i WHERE model = @m AND version = @v");
            Sql.AddText(command, "i", imageDigest);
            Sql.AddText(command, "m", model);
            Sql.AddText(command, "v", version);
            return await command.ExecuteNonQueryAsync(cancellationToken) == 1
                ? true
                : throw new RegistryException($"Cannot set the image of model {model} version {version}: no such version in {Backend}. Register the version first.");
        }, cancellationToken);
    }

    private async Task<ModelVersion?> SelectVersionAsync(DbConnection connection, DbTransaction? transaction, string model, string version, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(connection, transaction, $"SELECT {VersionColumns} FROM model_versions v WHERE v.model = @m AND v.version = @v");
        Sql.AddText(command, "m", model);
        Sql.AddText(command, "v", version);
        var found = await ReadVersionsAsync(command, cancellationToken);
        return found.Count == 0 ? null : found[0];
    }

    private async Task<IReadOnlyList<ModelVersion>> ReadVersionsAsync(DbCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var versions = new List<ModelVersion>();
        while (await reader.ReadAsync(cancellationToken))
        {
            versions.Add(new ModelVersion
            {
                Model = reader.GetString(0),
                Version = reader.GetString(1),
                Number = Sql.Int64(reader, 2),
                ModelDigest = reader.GetString(3),
                ImageDigest = Sql.NullableString(reader, 4),
                MetricsJson = reader.GetString(5),
                Lineage = LineageJson.Read(reader.GetString(6)),
                CreatedAt = _db.ReadTime(reader, 7),
                CreatedBy = reader.GetString(8),
            });
        }
        return versions;
    }

    private static async Task<long> NextNumberAsync(DbConnection connection, DbTransaction transaction, string model, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(connection, transaction, "SELECT COALESCE(MAX(number), 0) + 1 FROM model_versions WHERE model = @m");
        Sql.AddText(command, "m", model);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    // "v<number>", unless a hand-picked label already took it.
    private async Task<string> FreeLabelAsync(DbConnection connection, DbTransaction transaction, string model, long number, CancellationToken cancellationToken)
    {
        for (var n = number; ; n++)
        {
            var label = $"v{n}";
            if (await SelectVersionAsync(connection, transaction, model, label, cancellationToken) is null)
                return label;
        }
    }

    private async Task InsertVersionAsync(DbConnection connection, DbTransaction transaction, ModelVersion version, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(connection, transaction,
            "INSERT INTO model_versions (model, version, number, model_digest, image_digest, metrics_json, lineage_json, created_at, created_by) "
            + "VALUES (@m, @v, @n, @d, @i, @metrics, @lineage, @t, @by)");
        Sql.AddText(command, "m", version.Model);
        Sql.AddText(command, "v", version.Version);
        Sql.AddInt64(command, "n", version.Number);
        Sql.AddText(command, "d", version.ModelDigest);
        Sql.AddText(command, "i", version.ImageDigest);
        _db.AddJson(command, "metrics", version.MetricsJson);
        _db.AddJson(command, "lineage", LineageJson.Write(version.Lineage));
        _db.AddTime(command, "t", version.CreatedAt);
        Sql.AddText(command, "by", version.CreatedBy);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
