namespace Pipeline.Build;

/// <summary>The inputs behind a fingerprint: files with their digests, parameter values and upstream artifacts.</summary>
public sealed record InputRecord
{
    public IReadOnlyList<FileInput> Files { get; init; } = [];
    public IReadOnlyDictionary<string, string?> Parameters { get; init; } = new Dictionary<string, string?>();
    public IReadOnlyList<UpstreamInput> Upstream { get; init; } = [];
}

/// <summary>A file read by a target: path relative to the root, and its content digest (null when missing).</summary>
public sealed record FileInput(string Path, string? Digest);

/// <summary>An artifact from another target (or a dependency's fingerprint when <see cref="Output"/> is <c>*</c>).</summary>
public sealed record UpstreamInput(string Target, string Output, string Digest);
