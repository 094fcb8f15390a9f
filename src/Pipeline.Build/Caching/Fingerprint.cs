using System.Security.Cryptography;
using System.Text;

namespace Pipeline.Build;

/// <summary>Turns declared inputs into an <see cref="InputRecord"/> and a sha256 fingerprint.</summary>
internal static class Fingerprint
{
    // Bump when the way inputs are hashed changes, so old manifests never match.
    private const string Version = "pipeline-fingerprint/1";

    public static InputRecord Record(TargetInputs inputs, string rootDirectory, IReadOnlyList<UpstreamInput> upstream)
    {
        var files = new List<FileInput>();
        foreach (var path in inputs.FilePaths)
        {
            var full = Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(rootDirectory, path));
            if (Directory.Exists(full))
            {
                foreach (var file in Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                    files.Add(new FileInput(Relative(rootDirectory, file), HashFile(file)));
            }
            else
            {
                files.Add(new FileInput(Relative(rootDirectory, full), File.Exists(full) ? HashFile(full) : null));
            }
        }
        var parameters = new SortedDictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (name, value) in inputs.ParameterValues)
            parameters[name] = value;
        return new InputRecord
        {
            Files = files.DistinctBy(f => f.Path).ToList(),
            Parameters = parameters,
            Upstream = upstream,
        };
    }

    public static string Compute(string target, InputRecord record)
    {
        var sb = new StringBuilder().Append(Version).Append('\n').Append("target:").Append(target).Append('\n');
        foreach (var f in record.Files) sb.Append("file:").Append(f.Path).Append('=').Append(f.Digest ?? "missing").Append('\n');
        foreach (var (k, v) in record.Parameters) sb.Append("param:").Append(k).Append('=').Append(v ?? "<null>").Append('\n');
        foreach (var u in record.Upstream) sb.Append("upstream:").Append(u.Target).Append('/').Append(u.Output).Append('=').Append(u.Digest).Append('\n');
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }

    private static string HashFile(string path)
    {
        using var stream = File.OpenRead(path);
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static string Relative(string root, string path)
    {
        var relative = Path.GetRelativePath(root, path);
        return (relative.StartsWith("..", StringComparison.Ordinal) ? path : relative).Replace('\\', '/');
    }
}
