using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

/// <summary>A throwaway PostgreSQL cluster (Debian server binaries, .ci/install/35-postgres.sh) on a free 127.0.0.1 port.</summary>
sealed class LocalPostgres : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _data;

    private LocalPostgres(string bin, string data, string connectionString)
    {
        _bin = bin;
        _data = data;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public static async Task<LocalPostgres> StartAsync(string work)
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")))
            : null;
        if (bin is null) throw new InvalidOperationException("PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin; run .ci/install/35-postgres.sh");
        var root = Path.Combine(work, "pg");
        Directory.CreateDirectory(root);
        await RunAsync("chown", "-R", "postgres:postgres", work);
        var data = Path.Combine(root, "data");
        await PgAsync(bin, "initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync");
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        // Durable settings (fsync on): the figure is for a real database, not a RAM disk.
        await PgAsync(bin, "pg_ctl", "-D", data, "-l", Path.Combine(root, "log"), "-w", "-o", $"-p {port} -k {root} -c listen_addresses=127.0.0.1", "start");
        return new LocalPostgres(bin, data, $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres");
    }

    public async ValueTask DisposeAsync() => await PgAsync(_bin, "pg_ctl", "-D", _data, "-m", "immediate", "-w", "stop");

    private static Task PgAsync(string bin, string tool, params string[] args) =>
        RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(bin, tool), .. args]);

    private static async Task RunAsync(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var err = await p.StandardError.ReadToEndAsync();
        await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)}: {err}");
    }
}
