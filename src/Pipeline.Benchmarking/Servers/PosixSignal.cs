using System.Runtime.InteropServices;

namespace Pipeline.Benchmarking.Servers;

/// <summary>Sends SIGTERM so a server can shut down gracefully (Process.Kill sends SIGKILL).</summary>
internal static partial class PosixSignal
{
    private const int SigTerm = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    public static bool Terminate(int pid) => OperatingSystem.IsWindows() ? false : Kill(pid, SigTerm) == 0;
}
