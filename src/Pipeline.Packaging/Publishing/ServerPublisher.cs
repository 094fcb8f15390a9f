using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace Pipeline.Packaging.Publishing;

/// <summary>
/// Runs <c>dotnet publish</c> for the model server (self-contained, so the image needs no .NET runtime) and caches the
/// output by a hash of the sources and options: a warm PackageImage with unchanged server code does not publish again.
/// </summary>
public static class ServerPublisher
{
    private static readonly string[] SourceExtensions = [".cs", ".csproj", ".props", ".targets", ".proto", ".json"];

    /// <summary>Result: the published folder and whether it came from the cache.</summary>
    public sealed record Published(string Directory, string SourceHash, bool FromCache);

    public static async Task<Published> PublishAsync(ServerPublishOptions options, CancellationToken ct = default)
    {
        var hash = SourceHash(options);
        var output = Path.Combine(options.CacheDirectory, $"{Path.GetFileNameWithoutExtension(options.ProjectFile)}-{options.RuntimeIdentifier}-{hash[..16]}");
        // The marker sits beside the folder, not in it: everything in the folder goes into the image.
        var marker = output + ".published";
        if (File.Exists(marker) && Directory.Exists(output))
            return new Published(output, hash, true);

        var staging = output + ".staging-" + Environment.ProcessId;
        if (Directory.Exists(staging))
            Directory.Delete(staging, true);
        // Publish from a private copy of the sources: in a shared checkout another build restoring the same project
        // (without the runtime identifier) would otherwise replace obj/project.assets.json under this publish.
        var tree = output + ".src-" + Environment.ProcessId;
        var projectFile = CopySources(options, tree);
        List<string> args =
        [
            "publish", projectFile, "-c", "Release", "-r", options.RuntimeIdentifier, "--self-contained", "-o", staging, "-nologo",
            "-v:q", "-p:DebugType=none", $"-p:PublishTrimmed={options.Trimmed}", $"-p:PublishReadyToRun={options.ReadyToRun}",
        ];
        if (options.Trimmed)
        {
            // Trim the framework only: YamlDotNet (model.yaml) reflects over Pipeline.Core's config types, which full
            // trimming would cut; its analysis warnings are therefore expected and must not fail the publish.
            args.AddRange(["-p:TrimMode=partial", "-p:SuppressTrimAnalysisWarnings=true", "-p:ILLinkTreatWarningsAsErrors=false"]);
        }
        var psi = new ProcessStartInfo("dotnet", args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("dotnet could not be started; is the .NET SDK on PATH?");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        try
        {
            await process.WaitForExitAsync(ct).WaitAsync(options.Timeout, ct);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"dotnet publish {options.ProjectFile} did not finish within {options.Timeout.TotalMinutes} min.");
        }
        if (process.ExitCode != 0)
        {
            var log = string.Join("\n", ((await stdout) + "\n" + (await stderr)).Split('\n').Where(l => l.Trim().Length > 0).TakeLast(30));
            throw new InvalidOperationException($"dotnet publish {options.ProjectFile} failed with exit code {process.ExitCode}:\n{log}");
        }
        if (Directory.Exists(output))
            Directory.Delete(output, true);
        Directory.Move(staging, output);
        File.WriteAllText(marker, hash + "\n");
        Directory.Delete(tree, true);
        return new Published(output, hash, false);
    }

    private static string CopySources(ServerPublishOptions options, string tree)
    {
        if (Directory.Exists(tree))
            Directory.Delete(tree, true);
        foreach (var name in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "global.json", "nuget.config", "NuGet.Config", ".editorconfig" })
        {
            var file = Path.Combine(options.RepositoryRoot, name);
            if (File.Exists(file))
                Copy(file, Path.Combine(tree, name));
        }
        foreach (var file in SourceFiles(options))
            Copy(file, Path.Combine(tree, Path.GetRelativePath(options.RepositoryRoot, file)));
        return Path.Combine(tree, Path.GetRelativePath(options.RepositoryRoot, options.ProjectFile));
    }

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        File.Copy(from, to, overwrite: true);
    }

    private static IEnumerable<string> SourceFiles(ServerPublishOptions options) =>
        options.SourceDirectories.Order(StringComparer.Ordinal).SelectMany(directory =>
            Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
                .Where(f => SourceExtensions.Contains(Path.GetExtension(f)))
                .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}")
                            && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
                .Order(StringComparer.Ordinal));

    /// <summary>sha256 over relative path and bytes of every source file (bin/ and obj/ excluded) plus the publish options.</summary>
    public static string SourceHash(ServerPublishOptions options)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{options.RuntimeIdentifier};trim={options.Trimmed}/partial;r2r={options.ReadyToRun};{Environment.Version}\n"));
        foreach (var file in SourceFiles(options))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(Path.GetRelativePath(options.RepositoryRoot, file) + "\n"));
            hash.AppendData(File.ReadAllBytes(file));
        }
        return Convert.ToHexStringLower(hash.GetCurrentHash());
    }
}
