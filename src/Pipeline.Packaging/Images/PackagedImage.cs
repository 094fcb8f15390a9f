namespace Pipeline.Packaging.Images;

/// <summary>The result of packaging: the image, its identity and the archive <c>docker load</c> reads.</summary>
public sealed record PackagedImage
{
    public required OciImage Image { get; init; }

    /// <summary>Manifest digest, the image's version identity (what a registry pull by digest uses).</summary>
    public string Digest => Image.Digest;

    /// <summary>Config digest, what <c>docker images</c> shows as the image ID.</summary>
    public string ImageId => Image.ConfigDigest;

    public long CompressedSize => Image.CompressedSize;

    public required string ArchivePath { get; init; }
    public required string Tag { get; init; }
    public required string BaseReference { get; init; }
}
