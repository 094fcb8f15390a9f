namespace Pipeline.Packaging.Registry;

/// <summary>A parsed image reference: <c>registry[:port]/repository[:tag][@sha256:…]</c>.</summary>
public sealed record ImageReference
{
    public const string DockerHub = "registry-1.docker.io";

    /// <summary>Registry host and port, e.g. <c>127.0.0.1:5000</c>.</summary>
    public required string Registry { get; init; }

    /// <summary>Repository path, e.g. <c>pipeline/fraud-detector</c>.</summary>
    public required string Repository { get; init; }

    public string? Tag { get; init; }
    public string? Digest { get; init; }

    /// <summary>What to ask the registry for: the digest when known, else the tag, else <c>latest</c>.</summary>
    public string Reference => Digest ?? Tag ?? "latest";

    public ImageReference WithDigest(string digest) => this with { Digest = digest };

    public override string ToString() =>
        $"{Registry}/{Repository}{(Tag is null ? "" : ":" + Tag)}{(Digest is null ? "" : "@" + Digest)}";

    public static ImageReference Parse(string text)
    {
        var value = text.Trim();
        string? digest = null;
        var at = value.IndexOf('@');
        if (at >= 0)
        {
            digest = value[(at + 1)..];
            value = value[..at];
            if (!digest.StartsWith("sha256:", StringComparison.Ordinal) || digest.Length != 71)
                throw new FormatException($"Image reference '{text}': digest '{digest}' is not sha256: followed by 64 hex characters.");
        }
        string? tag = null;
        var lastSlash = value.LastIndexOf('/');
        var colon = value.LastIndexOf(':');
        if (colon > lastSlash)
        {
            tag = value[(colon + 1)..];
            value = value[..colon];
        }
        var firstSlash = value.IndexOf('/');
        string registry, repository;
        if (firstSlash > 0 && (value[..firstSlash].Contains('.') || value[..firstSlash].Contains(':') || value[..firstSlash] == "localhost"))
        {
            registry = value[..firstSlash];
            repository = value[(firstSlash + 1)..];
        }
        else
        {
            registry = DockerHub;
            repository = firstSlash < 0 ? "library/" + value : value;
        }
        if (repository.Length == 0 || repository.Any(c => char.IsUpper(c) || char.IsWhiteSpace(c)))
            throw new FormatException($"Image reference '{text}': repository '{repository}' must be non-empty lowercase (e.g. 127.0.0.1:5000/pipeline/fraud-detector:3).");
        return new ImageReference { Registry = registry, Repository = repository, Tag = tag, Digest = digest };
    }
}
