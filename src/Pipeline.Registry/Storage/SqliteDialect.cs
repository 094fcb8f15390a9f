using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Pipeline.Registry.Storage;

/// <summary>SQLite file in WAL mode; writers take the database lock up front (BEGIN IMMEDIATE) and wait on a busy timeout.</summary>
internal sealed class SqliteDialect : RegistryDialect
{
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";
    private const int BusyTimeoutMs = 15_000;
    private readonly string _connectionString;
    private readonly string _file;

    public SqliteDialect(string file)
    {
        _file = Path.GetFullPath(file);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = _file,
            Mode = SqliteOpenMode.ReadWriteCreate,
            ForeignKeys = true,
            DefaultTimeout = BusyTimeoutMs / 1000,
            Pooling = true,
        }.ToString();
    }

    public override string Backend => $"sqlite {_file}";

    public override string MigrationsFolder => "Sqlite";

    public override string CreateMigrationsTableSql =>
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL);";

    public override async Task PrepareAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_file)!);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // WAL lets readers (Status, Models) run while a deployment writes; the mode is stored in the file.
        command.CommandText = "PRAGMA journal_mode=WAL;";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA busy_timeout={BusyTimeoutMs}; PRAGMA synchronous=NORMAL;";
            await command.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public override Task<DbTransaction> BeginWriteAsync(DbConnection connection, string? key, CancellationToken cancellationToken) =>
        // deferred: false => BEGIN IMMEDIATE: the write lock is taken now, so two writers never deadlock upgrading a read lock.
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    public override void AddTime(DbCommand command, string name, DateTimeOffset? value) =>
        Sql.AddText(command, name, value?.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture));

    public override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) =>
        DateTimeOffset.ParseExact(reader.GetString(ordinal), TimeFormat, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public override void AddJson(DbCommand command, string name, string json) => Sql.AddText(command, name, json);
}
