using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Pipeline.Batch.Sinks;

/// <summary>
/// Predictions into a PostgreSQL table partitioned by batch id. A batch is written with binary COPY into its own staging
/// table (each chunk and its checkpoint commit together, so a killed run resumes after the last committed chunk) and becomes
/// visible in one transaction that detaches and drops the batch's old partition and attaches the staging table in its place.
/// </summary>
internal sealed class PostgresSink(PostgresTarget target, TimeProvider clock) : IBatchSink
{
    private readonly NpgsqlDataSource _source = NpgsqlDataSource.Create(WithLargeWriteBuffer(target.ConnectionString));
    private string Table => target.Table;
    private string Batches => target.Table + "_batches";
    private BatchIdentity _batch = null!;
    private string _staging = "";
    private readonly PostgresCopyRows _rows = new();

    public async Task<long> BeginAsync(BatchIdentity batch, CancellationToken ct)
    {
        _batch = batch;
        await using var connection = await _source.OpenConnectionAsync(ct);
        await ExecuteAsync(connection, $"""
            CREATE TABLE IF NOT EXISTS {Table} (batch_id text NOT NULL, "row" bigint NOT NULL, key text, score real NOT NULL,
                model text NOT NULL, model_version text NOT NULL, model_digest text NOT NULL) PARTITION BY LIST (batch_id);
            CREATE TABLE IF NOT EXISTS {Batches} (batch_id text PRIMARY KEY, fingerprint text NOT NULL, staging text, live text,
                rows_done bigint NOT NULL DEFAULT 0, model_version text, model_digest text, updated_at timestamptz NOT NULL);
            """, ct);
        await RequirePartitionedAsync(connection, ct);

        await using (var read = new NpgsqlCommand($"SELECT fingerprint, staging, rows_done FROM {Batches} WHERE batch_id = @b", connection))
        {
            read.Parameters.AddWithValue("b", batch.BatchId);
            await using var reader = await read.ExecuteReaderAsync(ct);
            if (await reader.ReadAsync(ct) && !reader.IsDBNull(1))
            {
                var (fingerprint, staging, rows) = (reader.GetString(0), reader.GetString(1), reader.GetInt64(2));
                await reader.CloseAsync();
                if (fingerprint == batch.Fingerprint && await ExistsAsync(connection, staging, ct))
                {
                    _staging = staging;
                    await ExecuteAsync(connection, ConstantDefaults(), ct);
                    return rows;
                }
                await ExecuteAsync(connection, $"DROP TABLE IF EXISTS {staging}", ct);
            }
        }

        _staging = $"{Table}_b{Hash(batch.BatchId)}_{clock.GetUtcNow().ToUnixTimeMilliseconds() % 100_000_000:x}";
        await using var tx = await connection.BeginTransactionAsync(ct);
        await ExecuteAsync(connection, $"""
            CREATE TABLE {_staging} (LIKE {Table} INCLUDING DEFAULTS);
            ALTER TABLE {_staging} ADD CONSTRAINT {_staging}_batch CHECK (batch_id IS NOT NULL AND batch_id = {Literal(batch.BatchId)});
            {ConstantDefaults()}
            """, ct);
        await using (var upsert = new NpgsqlCommand($"""
            INSERT INTO {Batches} (batch_id, fingerprint, staging, rows_done, updated_at) VALUES (@b, @f, @s, 0, @t)
            ON CONFLICT (batch_id) DO UPDATE SET fingerprint = @f, staging = @s, rows_done = 0, updated_at = @t
            """, connection, tx))
        {
            upsert.Parameters.AddWithValue("b", batch.BatchId);
            upsert.Parameters.AddWithValue("f", batch.Fingerprint);
            upsert.Parameters.AddWithValue("s", _staging);
            upsert.Parameters.AddWithValue("t", clock.GetUtcNow());
            await upsert.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        return 0;
    }

    /// <summary>
    /// The columns that are the same on every row of the batch (batch id, model, version, digest) are the staging table's
    /// column defaults while it is written, so COPY sends only row, key and score; the defaults go before the table is attached.
    /// </summary>
    private string ConstantDefaults() => $"""
        ALTER TABLE {_staging} ALTER COLUMN batch_id SET DEFAULT {Literal(_batch.BatchId)}, ALTER COLUMN model SET DEFAULT {Literal(_batch.Model)},
            ALTER COLUMN model_version SET DEFAULT {Literal(_batch.Version)}, ALTER COLUMN model_digest SET DEFAULT {Literal(_batch.ModelDigest)};
        """;

    public async Task WriteAsync(ScoredChunk chunk, CancellationToken ct)
    {
        await using var connection = await _source.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using (var copy = await connection.BeginRawBinaryCopyAsync($"COPY {_staging} (\"row\", key, score) FROM STDIN (FORMAT BINARY)", ct))
        {
            try
            {
                await _rows.WriteAsync(copy, chunk, ct);
            }
            catch
            {
                // A half-sent COPY must not be completed: cancelling it makes the server discard it (the transaction rolls back too).
                await copy.CancelAsync();
                throw;
            }
        }
        await using (var progress = new NpgsqlCommand($"UPDATE {Batches} SET rows_done = @r, updated_at = @t WHERE batch_id = @b", connection, tx))
        {
            progress.Parameters.AddWithValue("r", chunk.FirstRow + chunk.Rows);
            progress.Parameters.AddWithValue("t", clock.GetUtcNow());
            progress.Parameters.AddWithValue("b", _batch.BatchId);
            await progress.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
    }

    public async Task<string> CommitAsync(long rows, CancellationToken ct)
    {
        await using var connection = await _source.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        string? live;
        await using (var read = new NpgsqlCommand($"SELECT live FROM {Batches} WHERE batch_id = @b FOR UPDATE", connection, tx))
        {
            read.Parameters.AddWithValue("b", _batch.BatchId);
            live = await read.ExecuteScalarAsync(ct) as string;
        }
        if (live is not null && await ExistsAsync(connection, live, ct))
            await ExecuteAsync(connection, $"ALTER TABLE {Table} DETACH PARTITION {live}; DROP TABLE {live};", ct);
        await ExecuteAsync(connection, $"""
            ALTER TABLE {_staging} ALTER COLUMN batch_id DROP DEFAULT, ALTER COLUMN model DROP DEFAULT, ALTER COLUMN model_version DROP DEFAULT, ALTER COLUMN model_digest DROP DEFAULT;
            ALTER TABLE {Table} ATTACH PARTITION {_staging} FOR VALUES IN ({Literal(_batch.BatchId)});
            """, ct);
        await using (var done = new NpgsqlCommand($"""
            UPDATE {Batches} SET live = @s, staging = NULL, rows_done = @r, model_version = @v, model_digest = @d, updated_at = @t WHERE batch_id = @b
            """, connection, tx))
        {
            done.Parameters.AddWithValue("s", _staging);
            done.Parameters.AddWithValue("r", rows);
            done.Parameters.AddWithValue("v", _batch.Version);
            done.Parameters.AddWithValue("d", _batch.ModelDigest);
            done.Parameters.AddWithValue("t", clock.GetUtcNow());
            done.Parameters.AddWithValue("b", _batch.BatchId);
            await done.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        var where = new NpgsqlConnectionStringBuilder(target.ConnectionString);
        return $"postgresql://{where.Host}:{where.Port}/{where.Database} table {Table} batch_id={_batch.BatchId}";
    }

    private async Task RequirePartitionedAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var check = new NpgsqlCommand(
            "SELECT count(*) FROM pg_partitioned_table p JOIN pg_class c ON c.oid = p.partrelid WHERE c.oid = to_regclass(@t)", connection);
        check.Parameters.AddWithValue("t", Table);
        if ((long)(await check.ExecuteScalarAsync(ct))! == 0)
            throw new InvalidOperationException(
                $"table {Table} exists but is not partitioned by batch_id, so a batch cannot be replaced atomically; " +
                $"ScoreBatch creates and owns its table: name a new one with Table=<name> or drop {Table}");
    }

    private static async Task<bool> ExistsAsync(NpgsqlConnection connection, string table, CancellationToken ct)
    {
        await using var check = new NpgsqlCommand("SELECT to_regclass(@t) IS NOT NULL", connection);
        check.Parameters.AddWithValue("t", table);
        return (bool)(await check.ExecuteScalarAsync(ct))!;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    // Batch ids are restricted to [A-Za-z0-9._:-] (BatchIdentity.Problem), so quoting cannot be escaped.
    private static string Literal(string value) => "'" + value.Replace("'", "''") + "'";

    // COPY sends a buffer whenever it is full: 256 KB instead of Npgsql's 8 KB default means 32× fewer sends (unless the connection string sets its own).
    private static string WithLargeWriteBuffer(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Write Buffer Size", StringComparison.OrdinalIgnoreCase) && !connectionString.Contains("WriteBufferSize", StringComparison.OrdinalIgnoreCase))
            builder.WriteBufferSize = 256 * 1024;
        return builder.ConnectionString;
    }

    private static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..10];

    public ValueTask DisposeAsync() => _source.DisposeAsync();
}
