using Pipeline.Packaging.Base;
using Pipeline.Packaging.Layers;
using Pipeline.Packaging.Registry;

namespace Pipeline.Packaging.Images;

/// <summary>Chooses the base: the offline base from this machine's libraries, or an image pulled from a registry by reference.</summary>
public static class BaseImageResolver
{
    /// <summary>The value of the base-image parameter that selects the offline base.</summary>
    public const string Offline = "offline";

    public static async Task<BaseImage> ResolveAsync(string? reference, OfflineBaseOptions offline, LayerWriter layers,
        RegistryClient registry, string blobDirectory, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(reference) || reference == Offline)
            return new OfflineBaseBuilder(layers).Build(offline);
        var parsed = ImageReference.Parse(reference);
        var image = await registry.PullAsync(parsed, blobDirectory, ct);
        return BaseImage.From(image, parsed.WithDigest(image.Digest).ToString());
    }
}
