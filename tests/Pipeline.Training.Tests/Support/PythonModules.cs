using System.Diagnostics;

namespace Pipeline.Training.Tests.Support;

/// <summary>Whether Debian's /usr/bin/python3 can import what an external-trainer example needs; the answer is a skip reason or null.</summary>
internal static class PythonModules
{
    public static string? Missing(string imports, string packages)
    {
        if (!File.Exists("/usr/bin/python3")) return "external trainer example needs /usr/bin/python3 (run .ci/install/40-trainers.sh)";
        try
        {
            using var p = Process.Start(new ProcessStartInfo("/usr/bin/python3", ["-c", $"import {imports}"]) { RedirectStandardError = true });
            p!.WaitForExit(30_000);
            return p.ExitCode == 0 ? null : $"{packages} are not installed (run .ci/install/40-trainers.sh)";
        }
        catch (Exception e)
        {
            return $"cannot run /usr/bin/python3: {e.Message}";
        }
    }
}
