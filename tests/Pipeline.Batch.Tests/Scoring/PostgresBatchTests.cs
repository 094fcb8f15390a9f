using Npgsql;
using Pipeline.Batch.Scoring;
using Pipeline.Batch.Sinks;
using Pipeline.Batch.Sources;
using Pipeline.Batch.Tests.Support;
using Pipeline.Registry.Tests.Support;

namespace Pipeline.Batch.Tests.Scoring;

[Collection(PostgresCollection.Name)]
public sealed class PostgresBatchTests(PostgresCluster cluster) : IDisposable
{
    private readonly TempDirectory _temp = new();

    [Theory]
    [InlineData("fraud-import", 20_000)]
    [InlineData("breast-cancer", 0)]
    public async Task RunAsync_IntoTable_RowsWithScoreVersionAndDigest_ARerunReplacesTheBatch(string name, int rows)
    {
        var model = BatchModel.Load(name);
        var input = model.WriteInput(_temp.Path, rows);
        var database = await cluster.CreateDatabaseAsync();
        var output = $"{database};Table=scores";
        var expected = model.Expected(input);

        await RunAsync(model, input, output, "b1");
        await RunAsync(model, input, output, "b2");
        var again = await RunAsync(model, input, output, "b1");

        Assert.Equal(expected.Length, again.Rows);
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        Assert.Equal(expected.Length, await CountAsync(connection, "SELECT count(*) FROM scores WHERE batch_id = 'b1'"));
        Assert.Equal(expected.Length, await CountAsync(connection, "SELECT count(DISTINCT \"row\") FROM scores WHERE batch_id = 'b1'"));
        Assert.Equal(expected.Length, await CountAsync(connection, "SELECT count(*) FROM scores WHERE batch_id = 'b2'"));
        Assert.Equal(2, await CountAsync(connection, "SELECT count(*) FROM pg_inherits WHERE inhparent = 'scores'::regclass"));
        var scores = new float[expected.Length];
        var keys = new string?[expected.Length];
        await using (var read = new NpgsqlCommand("SELECT \"row\", score, model_version, model_digest, key FROM scores WHERE batch_id = 'b1'", connection))
        await using (var reader = await read.ExecuteReaderAsync())
            while (await reader.ReadAsync())
            {
                scores[reader.GetInt64(0)] = reader.GetFloat(1);
                Assert.Equal("v3", reader.GetString(2));
                Assert.Equal(model.Identity("b1", input).ModelDigest, reader.GetString(3));
                keys[reader.GetInt64(0)] = reader.IsDBNull(4) ? null : reader.GetString(4);
            }
        Assert.Equal(expected, scores);
        var key = model.Config.Data.Key!;
        Assert.Equal(Pipeline.Data.Tables.TableLoader.Load(input, model.Contract, [key]).Text(key), keys);
    }

    [Fact]
    public async Task RunAsync_KilledMidBatch_TableKeepsTheOldBatchAndTheRerunResumes()
    {
        var model = BatchModel.Load("fraud-import");
        var input = model.WriteInput(_temp.Path, 30_000);
        var database = await cluster.CreateDatabaseAsync();
        var output = $"{database};Table=scores";
        await RunAsync(model, input, output, "nightly", chunkRows: 4096);
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        var old = await CountAsync(connection, "SELECT sum(\"row\") FROM scores WHERE batch_id = 'nightly'");

        // Second input with different rows: after the kill, readers must still see the old batch whole.
        var changed = Path.Combine(_temp.Path, "changed.csv");
        Pipeline.Data.Generation.TransactionsGenerator.Write(changed, 25_000, seed: 5);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => RunAsync(model, changed, output, "nightly", chunkRows: 4096, stopAfterChunks: 2));
        Assert.Equal(30_000, await CountAsync(connection, "SELECT count(*) FROM scores WHERE batch_id = 'nightly'"));
        Assert.Equal(old, await CountAsync(connection, "SELECT sum(\"row\") FROM scores WHERE batch_id = 'nightly'"));

        var resumed = await RunAsync(model, changed, output, "nightly", chunkRows: 4096);

        Assert.True(resumed.ResumedRows >= 2 * 4096, $"resumed after {resumed.ResumedRows} rows");
        Assert.Equal(25_000, await CountAsync(connection, "SELECT count(*) FROM scores WHERE batch_id = 'nightly'"));
        Assert.Equal(25_000, await CountAsync(connection, "SELECT count(DISTINCT \"row\") FROM scores WHERE batch_id = 'nightly'"));
        Assert.Equal(1, await CountAsync(connection, "SELECT count(*) FROM pg_inherits WHERE inhparent = 'scores'::regclass"));
    }

    [Fact]
    public async Task Open_ExistingPlainTable_RefusedWithTheFix()
    {
        var model = BatchModel.Load("breast-cancer");
        var input = model.WriteInput(_temp.Path, 0);
        var database = await cluster.CreateDatabaseAsync();
        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE TABLE plain (batch_id text)", connection);
            await create.ExecuteNonQueryAsync();
        }

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => RunAsync(model, input, $"{database};Table=plain", "b"));

        Assert.Contains("table plain exists but is not partitioned by batch_id", e.Message);
    }

    private static async Task<long> CountAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    private static async Task<BatchResult> RunAsync(BatchModel model, string input, string output, string batchId, int chunkRows = BatchSources.DefaultChunkRows,
        int stopAfterChunks = int.MaxValue)
    {
        using var source = BatchSources.Open(input, model.Contract, model.Config.Features, model.Config.Data.Key, chunkRows);
        await using var sink = new StoppingSink(BatchSinks.Open(output, TimeProvider.System), stopAfterChunks);
        using var scorer = model.OpenScorer();
        return await BatchScoring.RunAsync(model.Identity(batchId, input), source, sink, scorer);
    }

    public void Dispose() => _temp.Dispose();
}
