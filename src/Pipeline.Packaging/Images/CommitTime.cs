using System.Diagnostics;
using System.Globalization;

namespace Pipeline.Packaging.Images;

/// <summary>The timestamp every image file carries: <c>SOURCE_DATE_EPOCH</c> when set, else the last commit's time (<c>git log -1 --format=%ct</c>).</summary>
public static class CommitTime
{
    public static DateTimeOffset Read(string repositoryRoot, Func<string, string?>? getEnvironment = null)
    {
        if ((getEnvironment ?? Environment.GetEnvironmentVariable)("SOURCE_DATE_EPOCH") is { Length: > 0 } epoch)
        {
            return long.TryParse(epoch, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : throw new FormatException($"SOURCE_DATE_EPOCH='{epoch}' is not a whole number of seconds since 1970; unset it or give e.g. 1767225600.");
        }
        var psi = new ProcessStartInfo("git", ["-C", repositoryRoot, "log", "-1", "--format=%ct"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var git = Process.Start(psi) ?? throw new InvalidOperationException("git could not be started");
        var output = git.StandardOutput.ReadToEnd().Trim();
        var error = git.StandardError.ReadToEnd().Trim();
        git.WaitForExit();
        if (git.ExitCode != 0 || !long.TryParse(output, NumberStyles.None, CultureInfo.InvariantCulture, out var commit))
            throw new InvalidOperationException(
                $"No commit time for {repositoryRoot} (git log -1 --format=%ct: {error}{output}). Commit first, or set SOURCE_DATE_EPOCH.");
        return DateTimeOffset.FromUnixTimeSeconds(commit);
    }
}
