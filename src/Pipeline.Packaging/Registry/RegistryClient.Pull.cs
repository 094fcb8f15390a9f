using System.Net.Http.Headers;
using Pipeline.Packaging.Images;
using Pipeline.Packaging.Layers;
using Pipeline.Packaging.Oci;

namespace Pipeline.Packaging.Registry;

public sealed partial class RegistryClient
{
    private static readonly string[] ManifestTypes =
        [MediaTypes.OciManifest, MediaTypes.DockerManifest, MediaTypes.OciIndex, MediaTypes.DockerManifestList];

    /// <summary>
    /// Pulls an image (for linux/amd64 when the reference names an index): manifest, config and layers, each checked
    /// against its digest; layers land in <paramref name="blobDirectory"/> named by digest and are not fetched again.
    /// </summary>
    public async Task<OciImage> PullAsync(ImageReference source, string blobDirectory, CancellationToken ct = default)
    {
        var (bytes, mediaType) = await GetManifestAsync(source, source.Reference, ct);
        if (source.Digest is { } wanted && OciJson.Digest(bytes) != wanted)
            throw new RegistryException($"Registry {source.Registry}: manifest for {source} hashes to {OciJson.Digest(bytes)}, not {wanted}.");
        if (MediaTypes.IsIndex(mediaType))
        {
            var index = OciJson.Deserialize<ImageIndex>(bytes);
            var chosen = index.Manifests.FirstOrDefault(m => m.Platform is { Os: "linux", Architecture: "amd64" })
                ?? throw new RegistryException($"Registry {source.Registry}: {source} has no linux/amd64 image (platforms: " +
                                               string.Join(", ", index.Manifests.Select(m => $"{m.Platform?.Os}/{m.Platform?.Architecture}")) + ").");
            (bytes, mediaType) = await GetManifestAsync(source, chosen.Digest, ct);
            if (OciJson.Digest(bytes) != chosen.Digest)
                throw new RegistryException($"Registry {source.Registry}: manifest {chosen.Digest} of {source} does not match its digest.");
        }
        var manifest = OciJson.Deserialize<ImageManifest>(bytes);
        var configBytes = await GetBlobBytesAsync(source, manifest.Config.Digest, ct);
        var config = OciJson.Deserialize<ImageConfig>(configBytes);
        if (config.RootFs.DiffIds.Count != manifest.Layers.Count)
            throw new RegistryException($"Registry {source.Registry}: {source} lists {manifest.Layers.Count} layers but its config has {config.RootFs.DiffIds.Count} diff_ids.");

        Directory.CreateDirectory(blobDirectory);
        var layers = new List<LayerBlob>();
        for (var i = 0; i < manifest.Layers.Count; i++)
        {
            var d = manifest.Layers[i];
            if (!MediaTypes.IsGzipLayer(d.MediaType))
                throw new RegistryException($"Registry {source.Registry}: layer {d.Digest[..19]} of {source} has media type {d.MediaType}; only gzip layers are supported.");
            var path = Path.Combine(blobDirectory, OciJson.Hex(d.Digest) + ".tar.gz");
            if (!File.Exists(path))
                await DownloadBlobAsync(source, d.Digest, path, ct);
            layers.Add(new LayerBlob
            {
                Descriptor = d, DiffId = config.RootFs.DiffIds[i], Path = path,
                Description = config.History?.Where(h => !h.EmptyLayer).ElementAtOrDefault(i)?.CreatedBy ?? $"layer {i} of {source}",
            });
        }
        return new OciImage { ManifestBytes = bytes, ConfigBytes = configBytes, Manifest = manifest, Config = config, Layers = layers };
    }

    private async Task<(byte[] Bytes, string MediaType)> GetManifestAsync(ImageReference image, string reference, CancellationToken ct)
    {
        using var response = await SendAsync(image, "pull", b =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, new Uri(b, $"v2/{image.Repository}/manifests/{reference}"));
            foreach (var type in ManifestTypes)
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
            return request;
        }, $"get manifest {image.Repository}:{reference}", ct);
        var bytes = await response.Content.ReadAsByteArrayAsync(ct);
        var mediaType = response.Content.Headers.ContentType?.MediaType ?? MediaTypes.OciManifest;
        return (bytes, mediaType);
    }

    private async Task<byte[]> GetBlobBytesAsync(ImageReference image, string digest, CancellationToken ct)
    {
        using var response = await SendAsync(image, "pull",
            b => new HttpRequestMessage(HttpMethod.Get, new Uri(b, $"v2/{image.Repository}/blobs/{digest}")), $"get blob {digest[..19]}", ct);
        var bytes = await response.Content.ReadAsByteArrayAsync(ct);
        if (OciJson.Digest(bytes) != digest)
            throw new RegistryException($"Registry {image.Registry}: blob {digest} of {image.Repository} does not match its digest.");
        return bytes;
    }

    private async Task DownloadBlobAsync(ImageReference image, string digest, string path, CancellationToken ct)
    {
        using var response = await SendAsync(image, "pull",
            b => new HttpRequestMessage(HttpMethod.Get, new Uri(b, $"v2/{image.Repository}/blobs/{digest}")), $"get blob {digest[..19]}", ct);
        var temp = path + "." + Environment.ProcessId + ".tmp";
        string actual;
        await using (var body = await response.Content.ReadAsStreamAsync(ct))
        await using (var file = File.Create(temp))
        using (var hashing = new HashingStream(file))
        {
            await body.CopyToAsync(hashing, ct);
            actual = hashing.Digest;
        }
        if (actual != digest)
        {
            File.Delete(temp);
            throw new RegistryException($"Registry {image.Registry}: blob {digest} of {image.Repository} arrived with digest {actual}; not stored.");
        }
        File.Move(temp, path, overwrite: true);
    }
}
