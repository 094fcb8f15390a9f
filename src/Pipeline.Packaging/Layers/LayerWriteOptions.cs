namespace Pipeline.Packaging.Layers;

/// <summary>What every entry of a layer gets so the tar is reproducible: one mtime, one owner.</summary>
public sealed record LayerWriteOptions
{
    /// <summary>Modification time of every entry; the commit time of the source gives reproducible layers.</summary>
    public required DateTimeOffset ModificationTime { get; init; }

    public int Uid { get; init; }

    public int Gid { get; init; }

    public System.IO.Compression.CompressionLevel Compression { get; init; } = System.IO.Compression.CompressionLevel.Optimal;
}
