using Npgsql;
using Pipeline.Registry.Tests.Contract;
using Pipeline.Registry.Tests.Support;

namespace Pipeline.Registry.Tests;

/// <summary>The registry suite against a database per test in a throwaway PostgreSQL cluster.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresModelRegistryTests(PostgresCluster cluster) : ModelRegistryContract
{
    protected override string ExpectedBackendPrefix => "postgresql Host=127.0.0.1;";

    protected override Task<string> CreateDatabaseAsync(string root) => cluster.CreateDatabaseAsync();

    protected override async Task<long> ExecuteRawAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        // The contract's raw SQL writes times as ISO text; let PostgreSQL cast it.
        await using var command = new NpgsqlCommand(sql, connection);
        var result = await command.ExecuteScalarAsync();
        return result is null or DBNull ? 0 : Convert.ToInt64(result, System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Backend_NamesServerButNotPassword()
    {
        var withPassword = await OpenAsync(ConnectionString + ";Password=hunter2");

        Assert.Contains(new NpgsqlConnectionStringBuilder(ConnectionString).Database!, withPassword.Backend, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", withPassword.Backend, StringComparison.Ordinal);
    }
}
