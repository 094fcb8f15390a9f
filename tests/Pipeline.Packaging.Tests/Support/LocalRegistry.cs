using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Pipeline.Packaging.Tests.Support;

/// <summary>
/// Debian's <c>docker-registry</c> on an ephemeral 127.0.0.1 port with temporary storage and token auth pointing at a
/// <see cref="TokenService"/>; stopped (the process this class started, by its handle) on dispose.
/// </summary>
public sealed class LocalRegistry : IAsyncDisposable
{
    private readonly TempDirectory _temp = new();
    private Process? _process;
    private readonly List<string> _log = [];

    public TokenService Tokens { get; } = new();
    public string Address { get; private set; } = "";

    public static string? Executable =>
        new[] { "/usr/bin/docker-registry", "/usr/local/bin/docker-registry", "/usr/bin/registry" }.FirstOrDefault(File.Exists);

    public async Task StartAsync()
    {
        var executable = Executable ?? throw new InvalidOperationException(
            "docker-registry is not installed. Run `sudo .ci/install/30-docker.sh` (installs Debian's docker-registry).");
        await Tokens.StartAsync();
        var port = FreePort();
        Address = $"127.0.0.1:{port}";
        var bundle = _temp.File("token-ca.pem");
        File.WriteAllText(bundle, Tokens.CertificatePem);
        var config = _temp.File("config.yml");
        File.WriteAllText(config, $"""
            version: 0.1
            log:
              level: warn
            storage:
              filesystem:
                rootdirectory: {_temp.Subdirectory("storage")}
            http:
              addr: {Address}
            auth:
              token:
                realm: {Tokens.Realm}
                service: {TokenService.Service}
                issuer: {TokenService.Issuer}
                rootcertbundle: {bundle}
            """);
        var psi = new ProcessStartInfo(executable, ["serve", config]) { RedirectStandardOutput = true, RedirectStandardError = true };
        _process = Process.Start(psi)!;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_log) _log.Add(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_log) _log.Add(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await http.GetAsync($"http://{Address}/v2/");
                if (response.StatusCode == HttpStatusCode.Unauthorized)
                    return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            if (_process.HasExited)
                break;
            await Task.Delay(100);
        }
        throw new InvalidOperationException($"docker-registry did not answer on {Address} within 20 s:\n{Log}");
    }

    public string Log { get { lock (_log) return string.Join("\n", _log.TakeLast(30)); } }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        _process?.Dispose();
        await Tokens.DisposeAsync();
        _temp.Dispose();
    }
}
