namespace Pipeline.Dependency.Packing;

/// <summary>A written package: where it is, its id and version, size and SHA-256 digest.</summary>
public sealed record ModelPackageResult
{
    public required string Path { get; init; }
    public required string Id { get; init; }
    public required string Version { get; init; }
    public required long Size { get; init; }
    public required string Digest { get; init; }

    /// <summary>The generated predictor's C# source (also in the package, for reading).</summary>
    public required string Source { get; init; }
}
