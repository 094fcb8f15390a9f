namespace Pipeline.Build.Tools;

/// <summary>Runs the idempotent install scripts of <c>.ci/install/</c> in name order with bash, streaming their output.</summary>
public static class SetupScripts
{
    public static void Run(string directory, CancellationToken cancellationToken = default)
    {
        if (!OperatingSystem.IsLinux())
        {
            Log.Warning($"Setup: skipped, the scripts in {directory} are for Debian/Linux; install their packages by hand on this OS.");
            return;
        }
        var scripts = Directory.Exists(directory)
            ? Directory.GetFiles(directory, "*.sh").Order(StringComparer.Ordinal).ToList()
            : [];
        if (scripts.Count == 0)
        {
            Log.Information($"Setup: no install scripts in {directory}.");
            return;
        }
        foreach (var script in scripts)
        {
            Log.Information($"Setup: bash {Path.GetFileName(script)}");
            var exit = ProcessRunner.Run("bash", [script], Path.GetDirectoryName(directory)!, cancellationToken: cancellationToken);
            if (exit != 0)
                throw new InvalidOperationException($"Install script {Path.GetFileName(script)} exited with code {exit}; see its output above. Fix it and re-run ./build.sh Setup.");
        }
    }
}
