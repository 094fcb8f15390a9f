using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace Pipeline.Packaging.Tests.Support;

/// <summary>
/// Publishes a project self-contained for linux-x64 once per source state: the output is cached under the temp folder,
/// keyed by a hash of the project's source files, so repeated test runs reuse it.
/// </summary>
public static class FixturePublisher
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public static async Task<string> PublishAsync(string projectDirectory, string key, params string[] properties) =>
        await PublishAsync(projectDirectory, [projectDirectory], key, properties);

    /// <summary>Publishes <paramref name="projectDirectory"/>; the cache key covers the sources of every folder in <paramref name="sourceDirectories"/>.</summary>
    public static async Task<string> PublishAsync(string projectDirectory, IReadOnlyList<string> sourceDirectories, string key, params string[] properties)
    {
        var sources = sourceDirectories.SelectMany(d => Directory.EnumerateFiles(d, "*.*", SearchOption.AllDirectories))
            .Where(f => !f.Contains("/bin/") && !f.Contains("/obj/") && (f.EndsWith(".cs") || f.EndsWith(".csproj") || f.EndsWith(".proto")))
            .Order(StringComparer.Ordinal);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var f in sources)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(f));
            hash.AppendData(File.ReadAllBytes(f));
        }
        hash.AppendData(Encoding.UTF8.GetBytes(string.Join(";", properties)));
        var output = Path.Combine(Path.GetTempPath(), "pipeline-packaging-publish", $"{key}-{Convert.ToHexStringLower(hash.GetCurrentHash())[..16]}");
        var marker = Path.Combine(output, ".published");
        await Gate.WaitAsync();
        try
        {
            if (File.Exists(marker))
                return output;
            if (Directory.Exists(output))
                Directory.Delete(output, true);
            var args = new List<string> { "publish", projectDirectory, "-c", "Release", "-r", "linux-x64", "--self-contained", "-o", output, "-nologo", "-v:q" };
            args.AddRange(properties.Select(p => "-p:" + p));
            var psi = new ProcessStartInfo("dotnet", args) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(psi)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"dotnet publish {projectDirectory} failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
            File.WriteAllText(marker, DateTime.UtcNow.ToString("O"));
            return output;
        }
        finally
        {
            Gate.Release();
        }
    }

    public static Task<string> TinyServerAsync() =>
        PublishAsync(Path.Combine(RepoPaths.TestProject, "Fixtures", "TinyServer"), "tiny");

    /// <summary>
    /// The real model server exactly as PackageImage publishes it (self-contained, trimmed), through the same cached
    /// publisher; the cache folder is shared with bench/Packaging so one publish serves both.
    /// </summary>
    public static async Task<string> ServingAsync()
    {
        var src = Path.Combine(RepoPaths.Root, "src");
        await Gate.WaitAsync();
        try
        {
            var published = await Pipeline.Packaging.Publishing.ServerPublisher.PublishAsync(new Pipeline.Packaging.Publishing.ServerPublishOptions
            {
                ProjectFile = Path.Combine(src, "Pipeline.Serving", "Pipeline.Serving.csproj"),
                RepositoryRoot = RepoPaths.Root,
                SourceDirectories = Pipeline.Packaging.Release.ImageRelease.ProjectClosure(Path.Combine(src, "Pipeline.Serving", "Pipeline.Serving.csproj")),
                CacheDirectory = Path.Combine(Path.GetTempPath(), "pipeline-packaging-publish"),
            });
            return published.Directory;
        }
        finally
        {
            Gate.Release();
        }
    }
}
