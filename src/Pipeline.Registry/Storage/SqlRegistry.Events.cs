using System.Data.Common;
using Pipeline.Registry.Events;

namespace Pipeline.Registry.Storage;

internal sealed partial class SqlRegistry
{
    public Task<DeploymentEvent> ApplyAsync(DeploymentChange change, CancellationToken cancellationToken = default)
    {
        var model = Validate(change);
        return WriteAsync(model, async (connection, transaction) =>
        {
            if (change.Lease is { } lease)
                await EnsureLeaseHoldsAsync(connection, transaction, lease, change.Action, cancellationToken);

            var now = Now();
            foreach (var move in change.AliasMoves)
            {
                await MoveAliasAsync(connection, transaction, model, move, now, cancellationToken);
                await Step("alias-moved");
            }

            foreach (var slot in change.SlotUpdates)
            {
                await WriteSlotAsync(connection, transaction, slot with { UpdatedAt = now }, cancellationToken);
                await Step("slot-written");
            }

            foreach (var variant in change.SlotRemovals)
                await DeleteSlotAsync(connection, transaction, model, variant, cancellationToken);

            var recorded = await InsertEventAsync(connection, transaction, change, now, cancellationToken);
            await Step("event-written");
            return recorded;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<DeploymentEvent>> ListEventsAsync(string model, int limit, CancellationToken cancellationToken = default)
    {
        Names.Model(model);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return ReadAsync(async connection =>
        {
            await using var command = Sql.Command(connection, null,
                "SELECT id, model, at, actor, action, from_version, to_version, reason, evidence_json, run_id "
                + "FROM deployment_events WHERE model = @m ORDER BY id DESC LIMIT @n");
            Sql.AddText(command, "m", model);
            Sql.AddInt64(command, "n", limit);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var events = new List<DeploymentEvent>();
            while (await reader.ReadAsync(cancellationToken))
            {
                events.Add(new DeploymentEvent
                {
                    Id = Sql.Int64(reader, 0),
                    Model = reader.GetString(1),
                    At = _db.ReadTime(reader, 2),
                    Actor = reader.GetString(3),
                    Action = reader.GetString(4),
                    FromVersion = Sql.NullableString(reader, 5),
                    ToVersion = Sql.NullableString(reader, 6),
                    Reason = reader.GetString(7),
                    EvidenceJson = reader.GetString(8),
                    RunId = Sql.NullableString(reader, 9),
                });
            }
            return (IReadOnlyList<DeploymentEvent>)events;
        }, cancellationToken);
    }

    private static string Validate(DeploymentChange change)
    {
        var model = Names.Model(change.Model);
        Names.Action(change.Action);
        Names.Required(change.Actor, "actor");
        Names.Required(change.Reason, "reason");
        Names.Json(change.EvidenceJson, "evidence JSON");
        foreach (var move in change.AliasMoves)
        {
            Names.Alias(move.Alias);
            if (move.Version is not null)
                Names.Version(move.Version);
        }
        foreach (var slot in change.SlotUpdates)
        {
            if (slot.Model != model)
                throw new ArgumentException($"Deployment slot {slot.Variant} belongs to model {slot.Model}, but the change is for {model}.", nameof(change));
            ValidateSlot(slot);
        }
        return model;
    }

    private async Task<DeploymentEvent> InsertEventAsync(DbConnection connection, DbTransaction transaction, DeploymentChange change, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(connection, transaction,
            "INSERT INTO deployment_events (model, at, actor, action, from_version, to_version, reason, evidence_json, run_id) "
            + "VALUES (@m, @t, @actor, @action, @from, @to, @reason, @evidence, @run) RETURNING id");
        Sql.AddText(command, "m", change.Model);
        _db.AddTime(command, "t", at);
        Sql.AddText(command, "actor", change.Actor);
        Sql.AddText(command, "action", change.Action);
        Sql.AddText(command, "from", change.FromVersion);
        Sql.AddText(command, "to", change.ToVersion);
        Sql.AddText(command, "reason", change.Reason);
        _db.AddJson(command, "evidence", change.EvidenceJson);
        Sql.AddText(command, "run", change.RunId);
        var id = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        return new DeploymentEvent
        {
            Id = id,
            Model = change.Model,
            At = at,
            Actor = change.Actor,
            Action = change.Action,
            FromVersion = change.FromVersion,
            ToVersion = change.ToVersion,
            Reason = change.Reason,
            EvidenceJson = change.EvidenceJson,
            RunId = change.RunId,
        };
    }
}
