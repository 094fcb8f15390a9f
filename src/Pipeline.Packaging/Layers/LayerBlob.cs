using Pipeline.Packaging.Oci;

namespace Pipeline.Packaging.Layers;

/// <summary>A compressed layer on disk: its descriptor (compressed digest and size) and its uncompressed digest.</summary>
public sealed record LayerBlob
{
    public required Descriptor Descriptor { get; init; }

    /// <summary>Digest of the uncompressed tar (the <c>rootfs.diff_ids</c> entry).</summary>
    public required string DiffId { get; init; }

    /// <summary>File holding the compressed bytes.</summary>
    public required string Path { get; init; }

    /// <summary>History text for this layer.</summary>
    public string Description { get; init; } = "";
}
