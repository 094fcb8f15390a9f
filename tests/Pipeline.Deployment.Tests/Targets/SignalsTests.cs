using System.Diagnostics;
using System.Globalization;
using Pipeline.Deployment.Targets.Process;
using Xunit;

namespace Pipeline.Deployment.Tests.Targets;

public sealed class SignalsTests
{
    /// <summary>
    /// While a process runs execve the kernel shows an empty /proc/&lt;pid&gt;/cmdline. The readiness probe asks right after
    /// the launch, exactly then; taking that moment for "exited" stopped healthy gateways (CI failure, 2026-11-22).
    /// Launched the way the process target launches (sh backgrounds setsid, which execs the program).
    /// </summary>
    [Fact]
    public void IsOurs_ProcessObservedThroughItsExecs_NeverReportedGone()
    {
        var misses = 0;
        for (var launch = 0; launch < 60; launch++)
        {
            var marker = $"--pipeline-signals-test-{Environment.ProcessId}-{launch} ";
            var pid = Launch(marker.Trim());
            try
            {
                var watch = Stopwatch.StartNew();
                while (watch.ElapsedMilliseconds < 40)
                    if (!Signals.IsOurs(pid, marker)) { misses++; break; }
            }
            finally
            {
                Signals.Send(pid, Signals.Kill);
            }
        }
        Assert.Equal(0, misses);
    }

    [Fact]
    public void IsOurs_ProcessKilled_ReportedGone()
    {
        var marker = $"--pipeline-signals-gone-{Environment.ProcessId} ";
        var pid = Launch(marker.Trim());
        var watch = Stopwatch.StartNew();
        while (!Signals.IsOurs(pid, marker) && watch.ElapsedMilliseconds < 5000) Thread.Sleep(10);
        Assert.True(Signals.IsOurs(pid, marker));
        Assert.False(Signals.IsOurs(pid, "--some-other-marker "));

        Signals.Send(pid, Signals.Kill);
        watch.Restart();
        while (Signals.IsOurs(pid, marker) && watch.ElapsedMilliseconds < 5000) Thread.Sleep(10);
        Assert.False(Signals.IsOurs(pid, marker));
    }

    /// <summary>A detached <c>sh -c "sleep 30; :"</c> (two commands, so sh stays and keeps the marker in its command line).</summary>
    private static int Launch(string marker)
    {
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "-c", "setsid \"$@\" >/dev/null 2>&1 </dev/null & echo $!", "sh", "/bin/sh", "-c", "sleep 30; :", marker })
            start.ArgumentList.Add(a);
        using var shell = Process.Start(start)!;
        var pid = int.Parse(shell.StandardOutput.ReadToEnd().Trim(), CultureInfo.InvariantCulture);
        shell.WaitForExit();
        return pid;
    }
}
