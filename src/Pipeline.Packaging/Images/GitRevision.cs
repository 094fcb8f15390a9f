using System.Diagnostics;

namespace Pipeline.Packaging.Images;

/// <summary>The source revision for <c>org.opencontainers.image.revision</c>: HEAD's commit, marked <c>-dirty</c> when tracked files changed.</summary>
public static class GitRevision
{
    public static string Read(string repositoryRoot)
    {
        var commit = Git(repositoryRoot, "rev-parse", "HEAD");
        if (commit is null)
            return "unknown";
        var status = Git(repositoryRoot, "status", "--porcelain", "--untracked-files=no");
        return commit + (string.IsNullOrEmpty(status) ? "" : "-dirty");
    }

    private static string? Git(string root, params string[] args)
    {
        var psi = new ProcessStartInfo("git", ["-C", root, .. args]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var git = Process.Start(psi);
        if (git is null)
            return null;
        var output = git.StandardOutput.ReadToEnd().Trim();
        git.StandardError.ReadToEnd();
        git.WaitForExit();
        return git.ExitCode == 0 ? output : null;
    }
}
