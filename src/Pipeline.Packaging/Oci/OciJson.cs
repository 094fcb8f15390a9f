using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Pipeline.Packaging.Oci;

/// <summary>Canonical JSON for image blobs: compact, fixed property order, sorted maps, so equal values give equal digests.</summary>
public static class OciJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = false,
        // Keep '+', '<', '>' literal (media types, labels) like Docker and containerd do.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNameCaseInsensitive = true,
    };

    public static byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

    public static T Deserialize<T>(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new InvalidDataException($"JSON document for {typeof(T).Name} is null");

    /// <summary>The <c>sha256:&lt;hex&gt;</c> digest of the bytes.</summary>
    public static string Digest(ReadOnlySpan<byte> bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>The hex part of a <c>sha256:&lt;hex&gt;</c> digest, checked.</summary>
    public static string Hex(string digest)
    {
        if (!digest.StartsWith("sha256:", StringComparison.Ordinal) || digest.Length != 71)
            throw new ArgumentException($"'{digest}' is not a sha256 digest (expected sha256: followed by 64 hex characters)", nameof(digest));
        return digest[7..];
    }
}
