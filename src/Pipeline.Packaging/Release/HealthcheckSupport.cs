using System.Diagnostics;

namespace Pipeline.Packaging.Release;

/// <summary>
/// Asks the published server whether it has a <c>--healthcheck</c> mode (the image has no curl, so Docker's health check
/// must be the server binary itself). A server that rejects the option gets no health check rather than one that always fails.
/// </summary>
public static class HealthcheckSupport
{
    public static bool Probe(string serverExecutable, TimeSpan? timeout = null)
    {
        // Port 9 (discard) is closed on build machines: a supporting server answers "not ready" (non-zero) quickly.
        var psi = new ProcessStartInfo(serverExecutable, ["--healthcheck", "--port", "9"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        };
        psi.Environment["DOTNET_EnableDiagnostics"] = "0";
        using var process = Process.Start(psi);
        if (process is null)
            return false;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromSeconds(15)))
        {
            process.Kill(entireProcessTree: true);
            return false;
        }
        var output = stdout.Result + stderr.Result;
        return !output.Contains("--healthcheck is unknown", StringComparison.Ordinal) && !output.Contains("invalid_option", StringComparison.Ordinal);
    }
}
