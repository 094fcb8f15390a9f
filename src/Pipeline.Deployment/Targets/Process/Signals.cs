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

    /// <summary>
    /// True when <paramref name="pid"/> runs (not a zombie) and its command line contains <paramref name="marker"/>, so a reused pid
    /// is never touched. While a process is inside execve the kernel shows an empty command line (the new image's arguments are
    /// not mapped yet); our launches exec twice (sh → setsid → program), so an empty one is read again until the exec is over.
    /// </summary>
    public static bool IsOurs(int pid, string marker)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                var state = stat[(stat.LastIndexOf(')') + 2)..].FirstOrDefault();
                if (state is 'Z' or 'X') return false;
                var cmdline = File.ReadAllText($"/proc/{pid}/cmdline");
                if (cmdline.Length == 0 && attempt < ExecRereads) { Thread.Sleep(2); continue; }
                return cmdline.Replace('\0', ' ').Contains(marker, StringComparison.Ordinal);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return false;
            }
        }
    }

    /// <summary>Reads of an empty command line, 2 ms apart, before it counts as "not ours" (an exec takes well under 100 ms).</summary>
    private const int ExecRereads = 100;
}
