namespace Pipeline.Build;

/// <summary>An immutable blob in the artifact store: <c>sha256:&lt;hex&gt;</c>, its size and media type.</summary>
public readonly record struct ArtifactRef(string Digest, long Size, string MediaType)
{
    /// <summary>The hex part of the digest.</summary>
    public string Hex => Digest.StartsWith("sha256:", StringComparison.Ordinal) ? Digest[7..] : Digest;

    /// <summary>First 12 hex characters, for display.</summary>
    public string Short => Hex.Length > 12 ? Hex[..12] : Hex;

    public override string ToString() => $"{Digest} ({Size} B, {MediaType})";
}
