using System.Diagnostics;

namespace Pipeline.Build;

/// <summary>The commit and dirty flag of the checkout, for the run manifest; nulls outside a git repository.</summary>
internal static class GitInfo
{
    public static (string? Commit, bool Dirty) Read(string root)
    {
        var commit = Git(root, "rev-parse HEAD")?.Trim();
        if (string.IsNullOrEmpty(commit)) return (null, false);
        var status = Git(root, "status --porcelain --untracked-files=no");
        return (commit, !string.IsNullOrWhiteSpace(status));
    }

    private static string? Git(string root, string arguments)
    {
        try
        {
            var info = new ProcessStartInfo("git", arguments)
            {
                WorkingDirectory = root,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using var process = Process.Start(info);
            if (process is null) return null;
            var output = process.StandardOutput.ReadToEnd();
            process.StandardError.ReadToEnd();
            if (!process.WaitForExit(10_000)) return null;
            return process.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
