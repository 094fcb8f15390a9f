using Microsoft.Data.Sqlite;
using Pipeline.Registry.Tests.Contract;

namespace Pipeline.Registry.Tests;

/// <summary>The registry suite against a SQLite file (WAL) per test.</summary>
public sealed class SqliteModelRegistryTests : ModelRegistryContract
{
    private static int _files;

    protected override string ExpectedBackendPrefix => "sqlite ";

    protected override Task<string> CreateDatabaseAsync(string root) =>
        Task.FromResult($"Data Source={Path.Combine(root, $"registry-{Interlocked.Increment(ref _files)}.db")}");

    protected override async Task<long> ExecuteRawAsync(string connectionString, string sql)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var result = await command.ExecuteScalarAsync();
        return result is null or DBNull ? 0 : Convert.ToInt64(result, System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Open_UsesWriteAheadLogging()
    {
        Assert.Equal(0, await ExecuteRawAsync(ConnectionString, "SELECT COUNT(*) FROM model_versions"));
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
    }
}
