using Pipeline.Core.Layout;
using Pipeline.Registry.Storage;

namespace Pipeline.Registry;

/// <summary>Opens the registry named by a connection string: null → SQLite under .artifacts/, "Host=…" → PostgreSQL, else a SQLite file.</summary>
public static class ModelRegistryFactory
{
    /// <summary>File name of the embedded default under the artifacts directory.</summary>
    public const string DefaultSqliteFile = "registry.db";

    /// <summary>Opens (and migrates) the registry; see <see cref="OpenAsync"/>.</summary>
    public static IModelRegistry Open(string? connectionString, RepositoryLayout layout, RegistryOptions? options = null) =>
        OpenAsync(connectionString, layout, options).GetAwaiter().GetResult();

    /// <summary>
    /// Opens the registry and applies pending schema migrations. <paramref name="connectionString"/>: null or empty →
    /// <c>.artifacts/registry.db</c>; contains <c>Host=</c> → PostgreSQL (Npgsql syntax); <c>Data Source=&lt;file&gt;</c> or a path → that SQLite file.
    /// </summary>
    public static async Task<IModelRegistry> OpenAsync(string? connectionString, RepositoryLayout layout, RegistryOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new RegistryOptions();
        RegistryDialect dialect = Classify(connectionString, layout) switch
        {
            (true, var postgres) => new PostgresDialect(postgres),
            (false, var file) => new SqliteDialect(file),
        };
        return await SqlRegistry.OpenAsync(dialect, options, cancellationToken);
    }

    /// <summary>True when the connection string carries a password (which a build would record in its run manifest).</summary>
    public static bool ContainsPassword(string? connectionString) =>
        !string.IsNullOrWhiteSpace(connectionString)
        && connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Any(part => part.Split('=', 2)[0].Trim().ToLowerInvariant() is "password" or "pwd");

    internal static (bool Postgres, string Target) Classify(string? connectionString, RepositoryLayout layout)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
            return (false, Path.Combine(layout.ArtifactsDirectory, DefaultSqliteFile));
        var text = connectionString.Trim();
        var keys = text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2)[0].Trim().ToLowerInvariant())
            .ToHashSet();
        if (keys.Contains("host") || keys.Contains("server"))
            return (true, text);
        if (text.Contains('=', StringComparison.Ordinal))
        {
            if (!keys.Overlaps(["data source", "datasource", "filename"]))
                throw new ArgumentException(
                    $"--registry \"{text}\" is neither PostgreSQL (needs Host=…;Database=…) nor SQLite (needs Data Source=<file>). "
                    + "Pass e.g. --registry \"Host=127.0.0.1;Database=pipeline;Username=pipeline\" or leave it empty for .artifacts/registry.db.",
                    nameof(connectionString));
            return (false, layout.Resolve(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(text).DataSource));
        }
        return (false, layout.Resolve(text));
    }
}
