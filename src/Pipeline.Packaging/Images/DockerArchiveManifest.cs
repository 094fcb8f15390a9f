using System.Text.Json.Serialization;

namespace Pipeline.Packaging.Images;

/// <summary>One entry of a <c>docker save</c> archive's <c>manifest.json</c>.</summary>
internal sealed record DockerArchiveManifest
{
    public required string Config { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? RepoTags { get; init; }

    public required IReadOnlyList<string> Layers { get; init; }
}
