using System.Data.Common;
using Pipeline.Registry.State;

namespace Pipeline.Registry.Storage;

internal sealed partial class SqlRegistry
{
    private const string SlotColumns = "model, variant, version, endpoint, weight, target_kind, process_id, container_id, details_json, updated_at";

    public Task<DeploymentSlot> UpsertSlotAsync(DeploymentSlot slot, CancellationToken cancellationToken = default)
    {
        var model = Names.Model(slot.Model);
        ValidateSlot(slot);
        return WriteAsync(model, async (connection, transaction) =>
        {
            var written = slot with { UpdatedAt = Now() };
            await WriteSlotAsync(connection, transaction, written, cancellationToken);
            return written;
        }, cancellationToken);
    }

    public Task<bool> RemoveSlotAsync(string model, string variant, CancellationToken cancellationToken = default)
    {
        Names.Model(model);
        return WriteAsync(model, (connection, transaction) => DeleteSlotAsync(connection, transaction, model, variant, cancellationToken), cancellationToken);
    }

    public Task<IReadOnlyList<DeploymentSlot>> ListSlotsAsync(string model, CancellationToken cancellationToken = default)
    {
        Names.Model(model);
        return ReadAsync(async connection =>
        {
            await using var command = Sql.Command(connection, null, $"SELECT {SlotColumns} FROM deployment_slots WHERE model = @m ORDER BY variant");
            Sql.AddText(command, "m", model);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var slots = new List<DeploymentSlot>();
            while (await reader.ReadAsync(cancellationToken))
            {
                slots.Add(new DeploymentSlot
                {
                    Model = reader.GetString(0),
                    Variant = reader.GetString(1),
                    Version = Sql.NullableString(reader, 2),
                    Endpoint = reader.GetString(3),
                    Weight = Sql.Double(reader, 4),
                    TargetKind = reader.GetString(5),
                    ProcessId = Sql.NullableInt64(reader, 6) is { } pid ? (int)pid : null,
                    ContainerId = Sql.NullableString(reader, 7),
                    DetailsJson = reader.GetString(8),
                    UpdatedAt = _db.ReadTime(reader, 9),
                });
            }
            return (IReadOnlyList<DeploymentSlot>)slots;
        }, cancellationToken);
    }

    private static void ValidateSlot(DeploymentSlot slot)
    {
        Names.Action(slot.Variant);
        Names.Required(slot.Endpoint, "endpoint");
        Names.Required(slot.TargetKind, "target kind");
        Names.Json(slot.DetailsJson, "slot details JSON");
        if (!(slot.Weight is >= 0 and <= 100))
            throw new ArgumentException($"Deployment slot {slot.Variant} of model {slot.Model}: weight {slot.Weight} is outside 0–100 (percent of traffic).", nameof(slot));
    }

    private async Task WriteSlotAsync(DbConnection connection, DbTransaction transaction, DeploymentSlot slot, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(connection, transaction,
            $"INSERT INTO deployment_slots ({SlotColumns}) VALUES (@m, @variant, @v, @e, @w, @k, @pid, @cid, @details, @t) "
            + "ON CONFLICT (model, variant) DO UPDATE SET version = excluded.version, endpoint = excluded.endpoint, weight = excluded.weight, "
            + "target_kind = excluded.target_kind, process_id = excluded.process_id, container_id = excluded.container_id, "
            + "details_json = excluded.details_json, updated_at = excluded.updated_at");
        Sql.AddText(command, "m", slot.Model);
        Sql.AddText(command, "variant", slot.Variant);
        Sql.AddText(command, "v", slot.Version);
        Sql.AddText(command, "e", slot.Endpoint);
        Sql.AddDouble(command, "w", slot.Weight);
        Sql.AddText(command, "k", slot.TargetKind);
        Sql.AddInt64(command, "pid", slot.ProcessId);
        Sql.AddText(command, "cid", slot.ContainerId);
        _db.AddJson(command, "details", slot.DetailsJson);
        _db.AddTime(command, "t", slot.UpdatedAt);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<bool> DeleteSlotAsync(DbConnection connection, DbTransaction transaction, string model, string variant, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(connection, transaction, "DELETE FROM deployment_slots WHERE model = @m AND variant = @variant");
        Sql.AddText(command, "m", model);
        Sql.AddText(command, "variant", variant);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }
}
