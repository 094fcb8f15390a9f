using System.Diagnostics;
using Pipeline.Deployment.Tests.Support;

namespace Pipeline.Deployment.Tests.Release;

/// <summary>A real release (tests/Pipeline.Deployment.ReleaseProcess) running as its own OS process against a scenario's registry and
/// deploy directory, optionally paused alive right after a chosen registry event so the test can SIGKILL it there.</summary>
public sealed class ReleaseProcessRun : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];

    private ReleaseProcessRun(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_lines) _lines.Add(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_lines) _lines.Add("stderr: " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int ProcessId => _process.Id;
    public string Output { get { lock (_lines) return string.Join("\n", _lines); } }

    /// <summary>Registers <paramref name="version"/> and starts its release; it pauses after the first <paramref name="pauseAfter"/> event
    /// whose evidence contains <paramref name="pauseEvidence"/>.</summary>
    public static async Task<ReleaseProcessRun> StartAsync(ReleaseScenario s, string version, string pauseAfter, string pauseEvidence = "", string strategy = "canary",
        double bakeSeconds = 30)
    {
        var file = FraudModels.Write(s.Harness.Root, version, -2.0);
        await s.Harness.RegisterAsync(version, file);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        string[] args =
        [
            Executable(), "--root", s.Harness.Root, "--repo", RepoRoot.Path, "--model", DeploymentHarness.Model, "--version", version,
            "--model-file", file, "--config-file", s.Harness.ConfigFile, "--run-id", "killed-" + version,
            "--pause-after", pauseAfter, "--pause-evidence", pauseEvidence, "--strategy", strategy,
            "--bake-seconds", bakeSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ];
        foreach (var a in args) start.ArgumentList.Add(a);
        return new ReleaseProcessRun(Process.Start(start)!);
    }

    /// <summary>Waits, bounded, until the release paused at its kill point.</summary>
    public async Task WaitPausedAsync(TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            var output = Output;
            if (output.Contains("PAUSED after", StringComparison.Ordinal)) return;
            if (_process.HasExited) Assert.Fail($"release process exited ({_process.ExitCode}) before its kill point:\n{output}");
            await Task.Delay(50);
        }
        Assert.Fail($"release process did not reach its kill point within {timeout.TotalSeconds} s:\n{Output}");
    }

    /// <summary>SIGKILL of the release process only (not the servers it started), as a crash or an OOM kill would do.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: false);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _process.WaitForExitAsync(cts.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) await KillAsync();
        _process.Dispose();
    }

    private static string Executable()
    {
        var bin = Path.Combine(RepoRoot.Path, "tests", "Pipeline.Deployment.ReleaseProcess", "bin");
        return Directory.EnumerateFiles(bin, "Pipeline.Deployment.ReleaseProcess.dll", SearchOption.AllDirectories)
            .OrderByDescending(File.GetLastWriteTimeUtc).First();
    }
}
