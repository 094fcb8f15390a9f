using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Pipeline.Registry.Tests.Support;

/// <summary>
/// A throwaway PostgreSQL cluster from Debian's server binaries: initdb into a temp folder, started on an ephemeral
/// 127.0.0.1 port (socket in the same folder), stopped and deleted at the end. As root it runs as the postgres user.
/// </summary>
public sealed class PostgresCluster : IAsyncLifetime
{
    private const string Prefix = "pipeline-registry-pg-";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);
    private string _bin = "";
    private string _root = "";
    private int _databases;

    public string AdminConnectionString { get; private set; } = "";

    private static bool IsRoot => Environment.UserName == "root";

    private string DataDirectory => Path.Combine(_root, "data");

    public async Task InitializeAsync()
    {
        _bin = FindServerBinaries();
        await StopLeftoversAsync();
        _root = Path.Combine(Path.GetTempPath(), $"{Prefix}{Environment.ProcessId}-{DateTime.UtcNow.Ticks}");
        Directory.CreateDirectory(_root);
        if (IsRoot)
            await CheckAsync("chown", ["-R", "postgres:postgres", _root]);

        await PgAsync("initdb", ["-D", DataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"]);
        var port = FreePort();
        await PgAsync("pg_ctl", ["-D", DataDirectory, "-l", Path.Combine(_root, "server.log"), "-w", "-t", "30", "-o",
            $"-p {port} -k {_root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
            "start"]);
        AdminConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false;Timeout=30";
    }

    /// <summary>A new empty database in the cluster, as an Npgsql connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"registry_{Interlocked.Increment(ref _databases)}";
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name, Pooling = true }.ToString();
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (Directory.Exists(Path.Combine(DataDirectory, "global")))
            await PgAsync("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "stop"]);
        if (_root.Length > 0)
            Directory.Delete(_root, recursive: true);
    }

    private static string FindServerBinaries()
    {
        const string root = "/usr/lib/postgresql";
        var bin = Directory.Exists(root)
            ? Directory.GetDirectories(root)
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
                .Select(d => Path.Combine(d, "bin"))
                .FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")))
            : null;
        return bin ?? throw new InvalidOperationException(
            "PostgreSQL server binaries (initdb, pg_ctl) not found under /usr/lib/postgresql/*/bin. "
            + "Install them with `.ci/install/35-postgres.sh` (Debian package postgresql) or `./build.sh Setup`.");
    }

    // Clusters of earlier test runs that were killed before DisposeAsync: stop them so they do not pile up.
    private async Task StopLeftoversAsync()
    {
        foreach (var dir in Directory.GetDirectories(Path.GetTempPath(), Prefix + "*"))
        {
            var pidText = Path.GetFileName(dir)[Prefix.Length..].Split('-')[0];
            if (int.TryParse(pidText, out var pid) && IsAlive(pid))
                continue;
            var data = Path.Combine(dir, "data");
            if (File.Exists(Path.Combine(data, "postmaster.pid")))
                await ProcessRunner.RunAsync(IsRoot ? "runuser" : Path.Combine(_bin, "pg_ctl"),
                    IsRoot ? ["-u", "postgres", "--", Path.Combine(_bin, "pg_ctl"), "-D", data, "-m", "immediate", "-w", "stop"] : ["-D", data, "-m", "immediate", "-w", "stop"],
                    CommandTimeout);
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private Task PgAsync(string tool, string[] args) =>
        IsRoot
            ? CheckAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. args])
            : CheckAsync(Path.Combine(_bin, tool), args);

    private async Task CheckAsync(string file, string[] args)
    {
        var (exit, output) = await ProcessRunner.RunAsync(file, args, CommandTimeout);
        if (exit != 0)
        {
            var log = Path.Combine(_root, "server.log");
            var tail = File.Exists(log) ? string.Join('\n', File.ReadLines(log).TakeLast(20)) : "";
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {exit}:\n{output}\n{tail}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
