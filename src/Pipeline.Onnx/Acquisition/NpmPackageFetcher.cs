using System.ComponentModel;
using System.Diagnostics;

namespace Pipeline.Onnx.Acquisition;

/// <summary>Downloads a package tarball with the user's own npm client (<c>npm pack</c>), honouring their registry and proxy settings.</summary>
public sealed class NpmPackageFetcher(string npmCommand = "npm", IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
{
    private static readonly string[] OfflineMarkers = ["ENOTFOUND", "EAI_AGAIN", "ECONNREFUSED", "ETIMEDOUT", "ECONNRESET", "ENETUNREACH", "network", "offline"];

    /// <summary>Runs <c>npm pack &lt;spec&gt;</c> in <paramref name="workDirectory"/>; returns the tarball path.</summary>
    public string Pack(string spec, string workDirectory)
    {
        Directory.CreateDirectory(workDirectory);
        var start = new ProcessStartInfo(npmCommand)
        {
            WorkingDirectory = workDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("pack");
        start.ArgumentList.Add(spec);
        start.ArgumentList.Add("--loglevel=error");   // errors only on stderr (--silent would hide why it failed)
        if (environment is not null)
            foreach (var (k, v) in environment) start.Environment[k] = v;

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new Win32Exception("process did not start");
        }
        catch (Win32Exception e)
        {
            throw new OrtLibraryException(
                $"npm is not available (\"{npmCommand}\": {e.Message}); it is needed once per machine to fetch {spec}. " +
                "Install Node.js/npm (Debian: apt-get install -y npm) or set PIPELINE_ORT_LIBRARY to an existing libonnxruntime.", e);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(10)))
            {
                process.Kill(entireProcessTree: true);
                throw new OrtLibraryException($"npm pack {spec} did not finish within {(timeout ?? TimeSpan.FromMinutes(10)).TotalMinutes:0.#} min; check the network or set PIPELINE_ORT_LIBRARY.");
            }
            var error = stderr.GetAwaiter().GetResult();
            var output = stdout.GetAwaiter().GetResult();
            if (process.ExitCode != 0)
            {
                var tail = string.Join(" | ", error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Where(l => !l.Contains("Unknown user config", StringComparison.Ordinal)).TakeLast(4));
                if (OfflineMarkers.Any(m => error.Contains(m, StringComparison.OrdinalIgnoreCase)))
                    throw new OrtLibraryException(
                        $"cannot download {spec}: the npm registry is unreachable (offline?): {tail}. Connect to the network (or configure " +
                        "npm's registry/proxy) and retry once; afterwards the library is cached. Or set PIPELINE_ORT_LIBRARY.");
                throw new OrtLibraryException($"npm pack {spec} failed with exit code {process.ExitCode}: {tail}. Fix npm or set PIPELINE_ORT_LIBRARY.");
            }
            var name = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault(l => l.EndsWith(".tgz", StringComparison.Ordinal));
            var path = name is null ? null : Path.Combine(workDirectory, name);
            if (path is null || !File.Exists(path))
                throw new OrtLibraryException($"npm pack {spec} succeeded but wrote no tarball into {workDirectory} (output: {output.Trim()}).");
            return path;
        }
    }
}
