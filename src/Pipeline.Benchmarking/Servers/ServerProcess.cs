using System.Diagnostics;
using System.Text.Json;

namespace Pipeline.Benchmarking.Servers;

/// <summary>A started model server: its port, how long it took to become ready, its model load time and memory; stopped with SIGTERM.</summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];
    private readonly TaskCompletionSource<JsonElement> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServerProcess(Process process, ServerLaunch launch)
    {
        _process = process;
        Launch = launch;
    }

    public ServerLaunch Launch { get; }
    public int Port { get; private set; }
    public TimeSpan StartupTime { get; private set; }
    public double? ModelLoadMs { get; private set; }
    public int ProcessId => _process.Id;
    public bool HasExited => _process.HasExited;

    /// <summary>Every line the server wrote so far (stdout and stderr), for diagnostics and log assertions.</summary>
    public IReadOnlyList<string> Output { get { lock (_output) return _output.ToArray(); } }

    /// <summary>Starts the server and waits for its ready line; throws <see cref="ServerStartException"/> with its output when it exits or times out first.</summary>
    public static async Task<ServerProcess> StartAsync(ServerLaunch launch, TimeSpan timeout, TimeProvider? time = null, CancellationToken ct = default)
    {
        var clock = time ?? TimeProvider.System;
        var info = new ProcessStartInfo(launch.FileName)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = launch.WorkingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var a in launch.Arguments) info.ArgumentList.Add(a);
        foreach (var (k, v) in launch.Environment) info.Environment[k] = v;
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var server = new ServerProcess(process, launch);
        process.OutputDataReceived += (_, e) => server.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => server.OnLine(e.Data);
        process.Exited += (_, _) => server._ready.TrySetException(new ServerStartException(launch, "exited before it was ready", server.Output));
        var started = clock.GetTimestamp();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var ready = await server._ready.Task.WaitAsync(timeout, clock, ct).ConfigureAwait(false);
            server.StartupTime = clock.GetElapsedTime(started);
            server.Port = ready.GetProperty("port").GetInt32();
            if (ready.TryGetProperty("model_load_ms", out var load)) server.ModelLoadMs = load.GetDouble();
            return server;
        }
        catch (TimeoutException)
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw new ServerStartException(launch, $"did not print its ready line within {timeout.TotalSeconds:0} s", server.Output);
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private void OnLine(string? line)
    {
        if (line is null) return;
        lock (_output) _output.Add(line);
        if (_ready.Task.IsCompleted || !line.StartsWith('{') || !line.Contains("\"ready\"", StringComparison.Ordinal)) return;
        try
        {
            using var doc = JsonDocument.Parse(line);
            if (doc.RootElement.TryGetProperty("event", out var ev) && ev.ValueEquals("ready"))
                _ready.TrySetResult(doc.RootElement.Clone());
        }
        catch (JsonException) { }
    }

    /// <summary>The server's batching decision from its <c>batching_decided</c> log line: on or off, <c>auto</c> when measured at load
    /// time (else forced), and the figures it gave; null when it printed none (another server, or an older one).</summary>
    public (bool Enabled, string Mode, string Reason)? Batching()
    {
        foreach (var line in Output)
        {
            if (!line.StartsWith('{') || !line.Contains("\"batching_decided\"", StringComparison.Ordinal)) continue;
            try
            {
                using var doc = JsonDocument.Parse(line);
                var e = doc.RootElement;
                if (e.TryGetProperty("batching", out var on) && on.ValueKind is JsonValueKind.True or JsonValueKind.False)
                    return (on.GetBoolean(), e.TryGetProperty("batching_mode", out var m) ? m.GetString() ?? "" : "", e.TryGetProperty("batching_reason", out var r) ? r.GetString() ?? "" : "");
            }
            catch (JsonException) { }
        }
        return null;
    }

    /// <summary>Peak resident set size (VmHWM) in MiB, from /proc; null where /proc is not available.</summary>
    public double? PeakRssMb()
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return long.Parse(line[6..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) / 1024.0;
        }
        catch (IOException) { }
        return null;
    }

    /// <summary>CPU the server has used so far (user + system, every thread including exited ones, from /proc/&lt;pid&gt;/stat); null when it cannot be read.</summary>
    public TimeSpan? CpuTime()
    {
        try
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
        catch (Exception e) when (e is InvalidOperationException or PlatformNotSupportedException or NotSupportedException or System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    /// <summary>SIGTERM, then wait for a graceful exit; kills after <paramref name="grace"/>. Returns the exit code.</summary>
    public async Task<int> StopAsync(TimeSpan grace)
    {
        if (_process.HasExited) return _process.ExitCode;
        if (!PosixSignal.Terminate(_process.Id)) _process.Kill(entireProcessTree: true);
        using var cts = new CancellationTokenSource(grace);
        try { await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false); }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited) await StopAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (InvalidOperationException) { }
        _process.Dispose();
    }
}
