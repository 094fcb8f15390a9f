using Pipeline.Core.Layout;

namespace Pipeline.Registry.Tests;

public sealed class ModelRegistryFactoryTests
{
    private static readonly RepositoryLayout Layout = new("/repo");

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Classify_Empty_IsSqliteUnderArtifacts(string? connection)
    {
        Assert.Equal((false, Path.Combine(Layout.ArtifactsDirectory, "registry.db")), ModelRegistryFactory.Classify(connection, Layout));
    }

    [Theory]
    [InlineData("Host=db.internal;Database=pipeline;Username=ci")]
    [InlineData("Server=10.0.0.5; Port=5433; Database=registry")]
    [InlineData("host=localhost;database=x")]
    public void Classify_HostOrServer_IsPostgres(string connection)
    {
        Assert.Equal((true, connection), ModelRegistryFactory.Classify(connection, Layout));
    }

    [Theory]
    [InlineData("Data Source=state/registry.db", "/repo/state/registry.db")]
    [InlineData("Data Source=/var/lib/pipeline/r.db;Cache=Private", "/var/lib/pipeline/r.db")]
    [InlineData("shared/registry.db", "/repo/shared/registry.db")]
    public void Classify_SqliteFileOrDataSource_ResolvesFromRepositoryRoot(string connection, string file)
    {
        Assert.Equal((false, file), ModelRegistryFactory.Classify(connection, Layout));
    }

    [Fact]
    public void Classify_NeitherHostNorDataSource_ThrowsWithExample()
    {
        var error = Assert.Throws<ArgumentException>(() => ModelRegistryFactory.Classify("Database=pipeline;Username=ci", Layout));

        Assert.Contains("--registry \"Host=127.0.0.1;Database=pipeline", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_Default_CreatesWalDatabaseUnderArtifacts()
    {
        var root = Path.Combine(Path.GetTempPath(), $"pipeline-registry-factory-{Environment.ProcessId}-{Environment.TickCount64}");
        try
        {
            var layout = new RepositoryLayout(root);
            var file = Path.Combine(layout.ArtifactsDirectory, "registry.db");
            await using (var registry = await ModelRegistryFactory.OpenAsync(null, layout))
                Assert.Equal($"sqlite {file}", registry.Backend);

            Assert.True(File.Exists(file));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(root, recursive: true);
        }
    }

    [Theory]
    [InlineData("Host=db;Database=p;Password=hunter2", true)]
    [InlineData("Host=db;Database=p; pwd = x", true)]
    [InlineData("Host=db;Database=p;Username=ci", false)]
    [InlineData(null, false)]
    public void ContainsPassword_FindsPasswordKeys(string? connection, bool expected)
    {
        Assert.Equal(expected, ModelRegistryFactory.ContainsPassword(connection));
    }
}
