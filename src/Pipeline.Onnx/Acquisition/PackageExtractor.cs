using System.Formats.Tar;
using System.IO.Compression;

namespace Pipeline.Onnx.Acquisition;

/// <summary>Extracts one platform's native library (and its companions) from an npm tarball.</summary>
public static class PackageExtractor
{
    /// <summary>Writes the platform's files into <paramref name="destination"/>; returns the library path.</summary>
    public static string Extract(string tarball, OrtPlatform platform, string destination, string what)
    {
        Directory.CreateDirectory(destination);
        var wanted = new HashSet<string>(StringComparer.Ordinal) { platform.LibraryFile };
        foreach (var c in platform.Companions) wanted.Add(c);
        var found = new HashSet<string>(StringComparer.Ordinal);
        var platformsInPackage = new SortedSet<string>(StringComparer.Ordinal);
        var prefix = platform.PackageFolder + "/";

        using (var file = File.OpenRead(tarball))
        using (var gzip = new GZipStream(file, CompressionMode.Decompress))
        using (var reader = new TarReader(gzip))
        {
            while (reader.GetNextEntry() is { } entry)
            {
                var name = entry.Name.TrimStart('.', '/');
                if (name.StartsWith("package/bin/napi-v6/", StringComparison.Ordinal))
                {
                    var parts = name.Split('/');
                    if (parts.Length >= 6) platformsInPackage.Add($"{parts[3]}/{parts[4]}");
                }
                if (!name.StartsWith(prefix, StringComparison.Ordinal)) continue;
                var fileName = name[prefix.Length..];
                if (!wanted.Contains(fileName) || entry.DataStream is null) continue;
                var temp = Path.Combine(destination, $".{fileName}.{Environment.ProcessId}.tmp");
                using (var output = File.Create(temp)) entry.DataStream.CopyTo(output);
                File.Move(temp, Path.Combine(destination, fileName), overwrite: true);
                found.Add(fileName);
            }
        }

        if (!found.Contains(platform.LibraryFile))
            throw new OrtLibraryException(
                $"{what}: no ONNX Runtime library for this platform ({platform.Rid}): {platform.PackageFolder}/{platform.LibraryFile} " +
                $"is not in the package (it has: {(platformsInPackage.Count == 0 ? "none" : string.Join(", ", platformsInPackage))}). " +
                "Build or download ONNX Runtime for this platform and set PIPELINE_ORT_LIBRARY to the library file.");
        return Path.Combine(destination, platform.LibraryFile);
    }
}
