using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;

namespace Pipeline.Deployment.Targets.Docker;

/// <summary>
/// Publishes a project self-contained for linux-x64 (what runs inside a container without a .NET runtime), once per source state:
/// the output folder is keyed by a hash of the project's and its project references' sources.
/// </summary>
public static class SelfContainedPublisher
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public static async Task<string> PublishAsync(string projectDirectory, string outputRoot, CancellationToken ct)
    {
        var name = Path.GetFileName(Path.GetFullPath(projectDirectory).TrimEnd('/'));
        var output = Path.Combine(outputRoot, $"{name}-{SourceHash(projectDirectory)}");
        var marker = Path.Combine(output, ".published");
        await Gate.WaitAsync(ct);
        try
        {
            if (File.Exists(marker)) return output;
            if (Directory.Exists(output)) Directory.Delete(output, recursive: true);
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var a in new[] { "publish", projectDirectory, "-c", "Release", "-r", "linux-x64", "--self-contained", "-o", output, "-nologo", "-v:q" })
                start.ArgumentList.Add(a);
            using var process = System.Diagnostics.Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync(ct);
            var stderr = process.StandardError.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromMinutes(8), ct);
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"dotnet publish {projectDirectory} -r linux-x64 --self-contained failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
            await File.WriteAllTextAsync(marker, "published", ct);
            return output;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static string SourceHash(string projectDirectory)
    {
        var projects = new SortedSet<string>(StringComparer.Ordinal);
        Collect(Path.GetFullPath(projectDirectory), projects);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in projects.SelectMany(p => Directory.EnumerateFiles(p, "*.*", SearchOption.AllDirectories))
                     .Where(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal))
                     .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".csproj", StringComparison.Ordinal) || f.EndsWith(".proto", StringComparison.Ordinal) || f.EndsWith(".sql", StringComparison.Ordinal))
                     .Order(StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(file));
            hash.AppendData(File.ReadAllBytes(file));
        }
        return Convert.ToHexStringLower(hash.GetCurrentHash())[..16];
    }

    private static void Collect(string directory, SortedSet<string> seen)
    {
        if (!seen.Add(directory)) return;
        foreach (var csproj in Directory.EnumerateFiles(directory, "*.csproj"))
        {
            foreach (var reference in XDocument.Load(csproj).Descendants("ProjectReference"))
            {
                if (reference.Attribute("Include")?.Value is { } include)
                    Collect(Path.GetDirectoryName(Path.GetFullPath(Path.Combine(directory, include)))!, seen);
            }
        }
    }
}
