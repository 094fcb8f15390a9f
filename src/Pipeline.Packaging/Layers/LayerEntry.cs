namespace Pipeline.Packaging.Layers;

/// <summary>Kind of a filesystem entry inside a layer.</summary>
public enum LayerEntryKind
{
    Directory,
    File,
    Symlink,
}

/// <summary>One entry of a layer: its path inside the image, kind, mode and where its bytes come from.</summary>
public sealed record LayerEntry
{
    /// <summary>Path inside the image, relative, forward slashes, no leading slash (e.g. <c>app/server</c>).</summary>
    public required string Path { get; init; }

    public required LayerEntryKind Kind { get; init; }

    public required UnixFileMode Mode { get; init; }

    /// <summary>File on the build machine whose bytes become this entry (files only; symlinks are followed).</summary>
    public string? SourceFile { get; init; }

    /// <summary>Inline bytes (files only), used when <see cref="SourceFile"/> is null.</summary>
    public byte[]? Content { get; init; }

    /// <summary>Symlink target (symlinks only).</summary>
    public string? LinkTarget { get; init; }

    /// <summary>Owner inside the image; null takes the layer's default.</summary>
    public int? Uid { get; init; }

    public int? Gid { get; init; }
}
