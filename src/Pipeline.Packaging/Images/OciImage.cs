using Pipeline.Packaging.Layers;
using Pipeline.Packaging.Oci;

namespace Pipeline.Packaging.Images;

/// <summary>A complete image: manifest and config as their exact bytes (their digests are the identity) and the layer blobs on disk.</summary>
public sealed record OciImage
{
    public required byte[] ManifestBytes { get; init; }
    public required byte[] ConfigBytes { get; init; }
    public required ImageManifest Manifest { get; init; }
    public required ImageConfig Config { get; init; }
    public required IReadOnlyList<LayerBlob> Layers { get; init; }

    /// <summary>The image digest: sha256 of the manifest bytes (what a registry calls the image by).</summary>
    public string Digest => OciJson.Digest(ManifestBytes);

    /// <summary>Docker's image ID: sha256 of the config bytes.</summary>
    public string ConfigDigest => Manifest.Config.Digest;

    /// <summary>Compressed size: manifest + config + layers, what a registry stores and a pull transfers.</summary>
    public long CompressedSize => ManifestBytes.Length + ConfigBytes.Length + Layers.Sum(l => l.Descriptor.Size);

    /// <summary>Assembles manifest and config from a config value and layer blobs (the config's diff_ids are set from the layers).</summary>
    public static OciImage Create(ImageConfig config, IReadOnlyList<LayerBlob> layers, SortedDictionary<string, string>? manifestAnnotations = null)
    {
        var finalConfig = config with { RootFs = new RootFs { DiffIds = layers.Select(l => l.DiffId).ToList() } };
        var configBytes = OciJson.Serialize(finalConfig);
        var manifest = new ImageManifest
        {
            Config = new Descriptor { MediaType = MediaTypes.OciConfig, Digest = OciJson.Digest(configBytes), Size = configBytes.Length },
            Layers = layers.Select(l => l.Descriptor).ToList(),
            Annotations = manifestAnnotations,
        };
        return new OciImage
        {
            ManifestBytes = OciJson.Serialize(manifest),
            ConfigBytes = configBytes,
            Manifest = manifest,
            Config = finalConfig,
            Layers = layers,
        };
    }
}
