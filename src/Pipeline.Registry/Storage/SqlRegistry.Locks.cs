using System.Data.Common;
using System.Text.Json;
using Pipeline.Registry.Events;
using Pipeline.Registry.Locks;

namespace Pipeline.Registry.Storage;

internal sealed partial class SqlRegistry
{
    public Task<LockAttempt> TryAcquireLockAsync(LockRequest request, CancellationToken cancellationToken = default)
    {
        var model = Names.Model(request.Model);
        Names.Required(request.Holder.RunId, "run id");
        if (request.Lease <= TimeSpan.Zero)
            throw new ArgumentException($"Lock lease for model {model} must be positive; got {request.Lease}.", nameof(request));

        // Writes of one model are serialized (BEGIN IMMEDIATE / advisory lock), so read-then-insert cannot race.
        return WriteAsync(model, async (connection, transaction) =>
        {
            var now = Now();
            var current = await SelectLockAsync(connection, transaction, model, now, cancellationToken);
            if (current is not null)
            {
                if (!(current.IsStale && request.BreakStale))
                    return new LockAttempt { Acquired = false, Other = current, Message = LockText.Refused(current) };
                await DeleteLockAsync(connection, transaction, model, current.Token, cancellationToken);
                await RecordBreakAsync(connection, transaction, current, request.Holder.Actor,
                    $"stale lock taken over by run {request.Holder.RunId}: {current.StaleReason}", request.Holder.RunId, now, cancellationToken);
            }

            var lease = new DeploymentLease(model, _options.NewLockToken(), request.Holder, now, now + request.Lease);
            await InsertLockAsync(connection, transaction, lease, cancellationToken);
            var message = current is null
                ? $"Locked model {model} for {request.Holder} until {LockText.Time(lease.ExpiresAt)}."
                : $"Locked model {model} for {request.Holder} after breaking a stale lock ({current.Describe()}).";
            return new LockAttempt { Acquired = true, Lease = lease, Other = current, Message = message };
        }, cancellationToken);
    }

    public Task<bool> RenewLockAsync(DeploymentLease lease, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        if (duration <= TimeSpan.Zero)
            throw new ArgumentException($"Lock lease renewal for model {lease.Model} must be positive; got {duration}.", nameof(duration));
        return WriteAsync(lease.Model, async (connection, transaction) =>
        {
            await using var command = Sql.Command(connection, transaction, "UPDATE deployment_locks SET expires_at = @e WHERE model = @m AND token = @k");
            _db.AddTime(command, "e", Now() + duration);
            Sql.AddText(command, "m", lease.Model);
            Sql.AddText(command, "k", lease.Token);
            return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
        }, cancellationToken);
    }

    public Task<bool> ReleaseLockAsync(DeploymentLease lease, CancellationToken cancellationToken = default) =>
        WriteAsync(lease.Model, (connection, transaction) => DeleteLockAsync(connection, transaction, lease.Model, lease.Token, cancellationToken), cancellationToken);

    public Task<LockStatus?> GetLockAsync(string model, CancellationToken cancellationToken = default)
    {
        Names.Model(model);
        return ReadAsync(connection => SelectLockAsync(connection, null, model, Now(), cancellationToken), cancellationToken);
    }

    public Task<LockBreak> BreakLockAsync(string model, string actor, string reason, bool force, CancellationToken cancellationToken = default)
    {
        Names.Model(model);
        Names.Required(actor, "actor");
        Names.Required(reason, "reason");
        return WriteAsync(model, async (connection, transaction) =>
        {
            var now = Now();
            var current = await SelectLockAsync(connection, transaction, model, now, cancellationToken);
            if (current is null)
                return new LockBreak(false, null, $"Model {model} is not locked in {Backend}; nothing to break.");
            if (!current.IsStale && !force)
            {
                return new LockBreak(false, current,
                    $"Did not break the lock of model {model}: it is {current.Describe()}, and the holder looks alive. "
                    + $"Let that run finish or stop it; to break the lock anyway run `{LockText.UnlockCommand(model)} --force`.");
            }

            await DeleteLockAsync(connection, transaction, model, current.Token, cancellationToken);
            await RecordBreakAsync(connection, transaction, current, actor, reason, null, now, cancellationToken);
            return new LockBreak(true, current, $"Broke the lock of model {model}; it was {current.Describe()}.");
        }, cancellationToken);
    }

    private async Task EnsureLeaseHoldsAsync(DbConnection connection, DbTransaction transaction, DeploymentLease lease, string action, CancellationToken cancellationToken)
    {
        var current = await SelectLockAsync(connection, transaction, lease.Model, Now(), cancellationToken);
        if (current?.Token == lease.Token)
            return;
        var now = current is null ? "the model is not locked" : $"the lock is now {current.Describe()}";
        throw new RegistryException(
            $"Refused to record {action} for model {lease.Model}: run {lease.Holder.RunId} no longer holds the model's deployment lock ({now}). "
            + "Someone broke it; nothing was changed. Check `./build.sh Models --model " + lease.Model + "` and start the deployment again.");
    }

    private async Task<LockStatus?> SelectLockAsync(DbConnection connection, DbTransaction? transaction, string model, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(connection, transaction,
            "SELECT token, holder_pid, holder_host, holder_started_at, run_id, actor, acquired_at, expires_at FROM deployment_locks WHERE model = @m");
        Sql.AddText(command, "m", model);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
            return null;
        var holder = new LockHolder
        {
            ProcessId = (int)Sql.Int64(reader, 1),
            Host = reader.GetString(2),
            ProcessStartedAt = reader.IsDBNull(3) ? null : _db.ReadTime(reader, 3),
            RunId = reader.GetString(4),
            Actor = reader.GetString(5),
        };
        var expiresAt = _db.ReadTime(reader, 7);
        return new LockStatus
        {
            Model = model,
            Holder = holder,
            AcquiredAt = _db.ReadTime(reader, 6),
            ExpiresAt = expiresAt,
            StaleReason = StaleReason(holder, expiresAt, now),
            Token = reader.GetString(0),
        };
    }

    private string? StaleReason(LockHolder holder, DateTimeOffset expiresAt, DateTimeOffset now)
    {
        if (now >= expiresAt)
            return $"its lease expired at {LockText.Time(expiresAt)} (now {LockText.Time(now)})";
        // A pid only means something on the host that wrote it; elsewhere the lease is the only evidence.
        if (string.Equals(holder.Host, _options.HostName, StringComparison.OrdinalIgnoreCase)
            && !ProcessLiveness.IsAlive(holder.ProcessId, holder.ProcessStartedAt))
            return $"process {holder.ProcessId} is no longer running on {holder.Host}";
        return null;
    }

    private async Task InsertLockAsync(DbConnection connection, DbTransaction transaction, DeploymentLease lease, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(connection, transaction,
            "INSERT INTO deployment_locks (model, token, holder_pid, holder_host, holder_started_at, run_id, actor, acquired_at, expires_at) "
            + "VALUES (@m, @k, @pid, @host, @started, @run, @actor, @at, @until)");
        Sql.AddText(command, "m", lease.Model);
        Sql.AddText(command, "k", lease.Token);
        Sql.AddInt64(command, "pid", lease.Holder.ProcessId);
        Sql.AddText(command, "host", lease.Holder.Host);
        _db.AddTime(command, "started", lease.Holder.ProcessStartedAt);
        Sql.AddText(command, "run", lease.Holder.RunId);
        Sql.AddText(command, "actor", lease.Holder.Actor);
        _db.AddTime(command, "at", lease.AcquiredAt);
        _db.AddTime(command, "until", lease.ExpiresAt);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<bool> DeleteLockAsync(DbConnection connection, DbTransaction transaction, string model, string token, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(connection, transaction, "DELETE FROM deployment_locks WHERE model = @m AND token = @k");
        Sql.AddText(command, "m", model);
        Sql.AddText(command, "k", token);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private Task<DeploymentEvent> RecordBreakAsync(DbConnection connection, DbTransaction transaction, LockStatus broken, string actor, string reason, string? runId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var evidence = JsonSerializer.Serialize(new
        {
            holder = new { pid = broken.Holder.ProcessId, host = broken.Holder.Host, runId = broken.Holder.RunId, actor = broken.Holder.Actor },
            acquiredAt = broken.AcquiredAt,
            expiresAt = broken.ExpiresAt,
            stale = broken.StaleReason,
        });
        return InsertEventAsync(connection, transaction, new DeploymentChange
        {
            Model = broken.Model,
            Action = DeploymentActions.LockBroken,
            Actor = actor,
            Reason = reason,
            EvidenceJson = evidence,
            RunId = runId,
        }, now, cancellationToken);
    }
}
