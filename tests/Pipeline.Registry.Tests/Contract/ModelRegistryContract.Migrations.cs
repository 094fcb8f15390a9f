namespace Pipeline.Registry.Tests.Contract;

public abstract partial class ModelRegistryContract
{
    [Fact]
    public async Task Open_FreshDatabase_AppliesEveryMigrationOnceInOrder()
    {
        var applied = await Registry.ListMigrationsAsync();

        Assert.Equal([(1, "versions_aliases_events"), (2, "deployment_state_locks")], applied.Select(m => (m.Version, m.Name)));
        Assert.All(applied, m => Assert.Equal(Time.GetUtcNow(), m.AppliedAt));
        Assert.All(applied, m => Assert.StartsWith("sha256:", m.Checksum, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Open_Again_IsIdempotentAndKeepsData()
    {
        await Registry.RegisterVersionAsync(NewVersion("v1", Digest('a')));
        var before = await Registry.ListMigrationsAsync();
        Time.Advance(TimeSpan.FromHours(1));

        var reopened = await OpenAsync();
        var again = await OpenAsync();

        Assert.Equal(before, await reopened.ListMigrationsAsync());
        Assert.Equal(before, await again.ListMigrationsAsync());
        Assert.Equal(2, await ExecuteRawAsync(ConnectionString, "SELECT COUNT(*) FROM schema_migrations"));
        Assert.NotNull(await again.GetVersionAsync(Model, "v1"));
    }

    [Fact]
    public async Task Open_ManyAtOnceOnFreshDatabase_AppliesMigrationsOnce()
    {
        var fresh = await CreateDatabaseAsync(Layout.RootDirectory);

        var registries = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => OpenAsync(fresh))));

        Assert.Equal(2, await ExecuteRawAsync(fresh, "SELECT COUNT(*) FROM schema_migrations"));
        Assert.All(registries, r => Assert.NotNull(r));
    }

    [Fact]
    public async Task Open_SchemaNewerThanBuild_ThrowsNamingBothVersions()
    {
        await ExecuteRawAsync(ConnectionString,
            "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (3, 'from_the_future', 'sha256:x', '2026-11-22T09:00:00.000000Z')");

        var error = await Assert.ThrowsAsync<RegistryException>(() => OpenAsync());

        Assert.Contains("schema version 3 (from_the_future), newer than this build knows (2)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_AppliedMigrationEdited_ThrowsAppendOnlyRule()
    {
        await ExecuteRawAsync(ConnectionString, "UPDATE schema_migrations SET checksum = 'sha256:edited' WHERE version = 1");

        var error = await Assert.ThrowsAsync<RegistryException>(() => OpenAsync());

        Assert.Contains("migration 1 (versions_aliases_events) was applied with checksum sha256:edited", error.Message, StringComparison.Ordinal);
        Assert.Contains("append-only", error.Message, StringComparison.Ordinal);
    }
}
