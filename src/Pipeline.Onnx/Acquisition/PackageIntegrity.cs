using System.Security.Cryptography;

namespace Pipeline.Onnx.Acquisition;

/// <summary>Checks a downloaded tarball against a pinned subresource-integrity string.</summary>
public static class PackageIntegrity
{
    public static string ComputeSha512(string file)
    {
        using var stream = File.OpenRead(file);
        return "sha512-" + Convert.ToBase64String(SHA512.HashData(stream));
    }

    /// <summary>Throws <see cref="OrtLibraryException"/> when the file's sha512 differs from <paramref name="expected"/>.</summary>
    public static void Verify(string file, string expected, string what)
    {
        if (!expected.StartsWith("sha512-", StringComparison.Ordinal))
            throw new OrtLibraryException($"{what}: pinned integrity \"{expected}\" is not a sha512 subresource-integrity string.");
        var actual = ComputeSha512(file);
        if (!string.Equals(actual, expected, StringComparison.Ordinal))
            throw new OrtLibraryException(
                $"{what}: integrity mismatch for {file}: got {actual}, pinned {expected}. The download is corrupt or the " +
                "registry served different content; delete the npm cache entry (npm cache clean --force) and retry, or set " +
                "PIPELINE_ORT_LIBRARY to a library you trust.");
    }
}
