namespace Pipeline.Packaging.Docker.Models;

/// <summary>Answer of <c>GET /images/{name}/json</c> (the fields this project reads).</summary>
public sealed record ImageInspect
{
    public string Id { get; init; } = "";
    public IReadOnlyList<string>? RepoTags { get; init; }
    public IReadOnlyList<string>? RepoDigests { get; init; }
    public long Size { get; init; }
    public string Created { get; init; } = "";
    public ContainerConfigView Config { get; init; } = new();
    public RootFsView RootFS { get; init; } = new();
}

/// <summary>Layer chain of a loaded image (uncompressed digests).</summary>
public sealed record RootFsView
{
    public IReadOnlyList<string> Layers { get; init; } = [];
}

/// <summary>What <c>POST /images/load</c> reported: the images it loaded.</summary>
public sealed record ImageLoadResult
{
    /// <summary>Tags loaded (<c>repo:tag</c>) and IDs (<c>sha256:…</c>) for untagged images.</summary>
    public IReadOnlyList<string> Loaded { get; init; } = [];
}

/// <summary>Body of <c>POST /networks/create</c>.</summary>
public sealed record NetworkCreateRequest
{
    public required string Name { get; init; }
    public string Driver { get; init; } = "bridge";
    public bool CheckDuplicate { get; init; } = true;
    public bool Internal { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
}

/// <summary>One network as listed or inspected.</summary>
public sealed record NetworkInspect
{
    public string Id { get; init; } = "";
    public string Name { get; init; } = "";
    public string Driver { get; init; } = "";
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
    public IReadOnlyDictionary<string, EndpointSettings>? Containers { get; init; }
}
