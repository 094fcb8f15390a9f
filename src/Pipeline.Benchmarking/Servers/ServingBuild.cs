using System.Diagnostics;

namespace Pipeline.Benchmarking.Servers;

/// <summary>Builds the Pipeline.Serving executable (Release) from the repository so the gate measures the code being shipped.</summary>
public static class ServingBuild
{
    /// <summary>Runs <c>dotnet build src/Pipeline.Serving -c Release</c> and returns the path of <c>Pipeline.Serving.dll</c>.</summary>
    public static string Ensure(string repositoryRoot, CancellationToken ct = default)
    {
        var project = Path.Combine(repositoryRoot, "src", "Pipeline.Serving", "Pipeline.Serving.csproj");
        if (!File.Exists(project)) throw new FileNotFoundException($"no server project at {project}; run from a Pipeline checkout", project);
        var psi = new ProcessStartInfo("dotnet", ["build", project, "-c", "Release", "--nologo", "-v", "quiet"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        process.WaitForExitAsync(ct).GetAwaiter().GetResult();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"dotnet build {project} -c Release failed (exit {process.ExitCode}):{Environment.NewLine}{stdout.Result}{stderr.Result}");
        var dll = Path.Combine(repositoryRoot, "src", "Pipeline.Serving", "bin", "Release", "net10.0", "Pipeline.Serving.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"the build succeeded but {dll} is missing", dll);
    }
}
