using System.Diagnostics;

namespace Pipeline.Bench.Gate;

/// <summary>Another process keeping one core busy (a shell loop), stopped by its own process id on dispose.</summary>
internal sealed class BusyCore : IDisposable
{
    private readonly Process _process;

    private BusyCore(Process process) => _process = process;

    public static BusyCore Start() => new(Process.Start(new ProcessStartInfo("sh", ["-c", "while :; do :; done"]) { UseShellExecute = false })!);

    public void Dispose()
    {
        _process.Kill();
        _process.WaitForExit();
        _process.Dispose();
    }
}
