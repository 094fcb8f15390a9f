using System.Diagnostics;

namespace Pipeline.Registry.Locks;

/// <summary>Answers whether a lock holder's process still runs on this host.</summary>
internal static class ProcessLiveness
{
    // Process start times come from /proc with jiffy resolution; allow for rounding between two reads.
    private static readonly TimeSpan StartTimeTolerance = TimeSpan.FromSeconds(2);

    public static DateTimeOffset? StartTimeOf(Process process)
    {
        try
        {
            return new DateTimeOffset(process.StartTime.ToUniversalTime(), TimeSpan.Zero);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            return null;
        }
    }

    public static bool IsAlive(int pid, DateTimeOffset? startedAt)
    {
        Process process;
        try
        {
            process = Process.GetProcessById(pid);
        }
        catch (ArgumentException)
        {
            return false;
        }

        using (process)
        {
            try
            {
                if (process.HasExited)
                    return false;
            }
            catch (InvalidOperationException)
            {
                return false;
            }

            if (startedAt is null || StartTimeOf(process) is not { } actual)
                return true;
            return (actual - startedAt.Value).Duration() <= StartTimeTolerance;
        }
    }
}
