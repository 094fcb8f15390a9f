using Pipeline.Packaging.Layers;
using Pipeline.Packaging.Oci;

namespace Pipeline.Packaging.Images;

/// <summary>The layers and runtime settings an image is built on: the offline base or one pulled from a registry.</summary>
public sealed record BaseImage
{
    /// <summary>Where the base came from, e.g. <c>offline:debian-12-glibc-2.36</c> or <c>registry/base@sha256:…</c>; recorded as a label.</summary>
    public required string Reference { get; init; }

    public required IReadOnlyList<LayerBlob> Layers { get; init; }

    /// <summary>Settings inherited from the base (Env, WorkingDir…); the packager overrides user, entrypoint, ports and labels.</summary>
    public ContainerConfig Config { get; init; } = new();

    /// <summary>The base's own history lines, one per layer.</summary>
    public IReadOnlyList<HistoryEntry> History { get; init; } = [];

    /// <summary>Uses a pulled or loaded image as a base.</summary>
    public static BaseImage From(OciImage image, string reference) => new()
    {
        Reference = reference,
        // Same bytes either way; the OCI spelling keeps the new manifest in one vocabulary.
        Layers = image.Layers.Select(l => l with { Descriptor = l.Descriptor with { MediaType = MediaTypes.OciLayerGzip, Annotations = null } }).ToList(),
        Config = image.Config.Config,
        History = image.Config.History?.Where(h => !h.EmptyLayer).ToList() ?? [],
    };

    /// <summary>The base as an image of its own (to push to a registry and use by reference).</summary>
    public OciImage ToImage() => OciImage.Create(
        new ImageConfig { Created = History.LastOrDefault()?.Created, Config = Config, History = History },
        Layers);
}
