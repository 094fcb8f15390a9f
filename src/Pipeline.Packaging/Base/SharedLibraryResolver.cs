using System.Diagnostics;

namespace Pipeline.Packaging.Base;

/// <summary>Finds the shared libraries ELF files need on this machine by running <c>ldd</c> and reading its output.</summary>
public static class SharedLibraryResolver
{
    /// <summary>Result of resolving: library paths (as the loader names them) and sonames ldd could not find.</summary>
    public sealed record Resolution(IReadOnlyList<string> Libraries, IReadOnlyList<string> NotFound);

    public static Resolution Resolve(IEnumerable<string> elfFiles, IEnumerable<string>? searchDirectories = null)
    {
        var libraries = new SortedSet<string>(StringComparer.Ordinal);
        var notFound = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in elfFiles)
        {
            foreach (var line in RunLdd(file))
            {
                var parsed = ParseLine(line);
                if (parsed is null)
                    continue;
                if (parsed.Value.Path is { } p)
                    libraries.Add(p);
                else
                    notFound.Add(parsed.Value.Name);
            }
        }
        // Libraries next to the app (e.g. libmscordaccore.so) are in the app layer already.
        var appDirs = (searchDirectories ?? []).Select(d => Path.GetFullPath(d).TrimEnd('/') + "/").ToList();
        var system = libraries.Where(l => !appDirs.Any(d => l.StartsWith(d, StringComparison.Ordinal))).ToList();
        return new Resolution(system, notFound.ToList());
    }

    /// <summary>Parses one ldd line: <c>name =&gt; /path (0x…)</c>, <c>/path (0x…)</c> or <c>name =&gt; not found</c>.</summary>
    internal static (string Name, string? Path)? ParseLine(string line)
    {
        var text = line.Trim();
        if (text.Length == 0 || text.StartsWith("linux-vdso", StringComparison.Ordinal) || text.Contains("statically linked", StringComparison.Ordinal))
            return null;
        var arrow = text.IndexOf("=>", StringComparison.Ordinal);
        if (arrow < 0)
        {
            var path = text.Split(' ')[0];
            return path.StartsWith('/') ? (Path.GetFileName(path), path) : null;
        }
        var name = text[..arrow].Trim();
        var rest = text[(arrow + 2)..].Trim();
        if (rest.StartsWith("not found", StringComparison.Ordinal))
            return (name, null);
        var target = rest.Split(' ')[0];
        return target.StartsWith('/') ? (name, target) : null;
    }

    private static IEnumerable<string> RunLdd(string file)
    {
        var psi = new ProcessStartInfo("ldd", [file]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("ldd could not be started; install libc-bin");
        var output = process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        // ldd exits 1 for "not a dynamic executable" (managed .dll, scripts): nothing to resolve for those.
        return process.ExitCode == 0 ? output.Split('\n') : [];
    }
}
