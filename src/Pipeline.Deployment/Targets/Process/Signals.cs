using System.Runtime.InteropServices;

namespace Pipeline.Deployment.Targets.Process;

/// <summary>POSIX signals and /proc checks for detached processes that are not children of this process.</summary>
internal static partial class Signals
{
    public const int Term = 15;
    public const int Kill = 9;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SysKill(int pid, int signal);

    public static bool Send(int pid, int signal) => SysKill(pid, signal) == 0;

    /// <summary>True when <paramref name="pid"/> runs (not a zombie) and its command line contains <paramref name="marker"/>, so a reused pid is never touched.</summary>
    public static bool IsOurs(int pid, string marker)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..].FirstOrDefault();
            if (state is 'Z' or 'X') return false;
            var cmdline = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
            return cmdline.Contains(marker, StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
