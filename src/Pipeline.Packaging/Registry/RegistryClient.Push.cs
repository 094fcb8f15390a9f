using System.Net;
using System.Net.Http.Headers;
using Pipeline.Packaging.Images;
using Pipeline.Packaging.Oci;

namespace Pipeline.Packaging.Registry;

public sealed partial class RegistryClient
{
    /// <summary>
    /// Pushes blobs the registry lacks, then the manifest by its digest (and by <paramref name="target"/>'s tag when it has one).
    /// Returns the pushed reference with its digest, e.g. <c>127.0.0.1:5000/pipeline/fraud-detector@sha256:…</c>.
    /// </summary>
    public async Task<ImageReference> PushAsync(OciImage image, ImageReference target, CancellationToken ct = default)
    {
        foreach (var layer in image.Layers)
            await UploadBlobAsync(target, layer.Descriptor.Digest, layer.Descriptor.Size, () => File.OpenRead(layer.Path), ct);
        await UploadBlobAsync(target, image.ConfigDigest, image.ConfigBytes.Length, () => new MemoryStream(image.ConfigBytes, false), ct);

        var digest = image.Digest;
        await PutManifestAsync(target, digest, image, ct);
        if (target.Tag is { } tag)
            await PutManifestAsync(target, tag, image, ct);
        return target with { Tag = null, Digest = digest };
    }

    /// <summary>True when the repository already holds the blob (HEAD).</summary>
    public async Task<bool> BlobExistsAsync(ImageReference repository, string digest, CancellationToken ct = default)
    {
        using var response = await SendAsync(repository, "pull,push",
            b => new HttpRequestMessage(HttpMethod.Head, new Uri(b, $"v2/{repository.Repository}/blobs/{digest}")),
            $"check blob {digest[..19]}", ct, HttpStatusCode.NotFound);
        return response.StatusCode == HttpStatusCode.OK;
    }

    /// <summary>Monolithic upload: POST an upload session, PUT the bytes with the digest; skipped when the blob exists.</summary>
    public async Task UploadBlobAsync(ImageReference repository, string digest, long size, Func<Stream> open, CancellationToken ct = default)
    {
        if (await BlobExistsAsync(repository, digest, ct))
            return;
        Uri location;
        using (var started = await SendAsync(repository, "pull,push",
                   b => new HttpRequestMessage(HttpMethod.Post, new Uri(b, $"v2/{repository.Repository}/blobs/uploads/")),
                   $"start upload of {digest[..19]}", ct))
        {
            var baseUri = BaseUri(repository.Registry);
            location = started.Headers.Location is { } l ? (l.IsAbsoluteUri ? l : new Uri(baseUri, l))
                : throw new RegistryException($"Registry {repository.Registry}: upload session for {repository.Repository} has no Location header.");
        }
        var separator = location.Query.Length > 0 ? "&" : "?";
        var putUri = new Uri(location + separator + "digest=" + Uri.EscapeDataString(digest));
        using var put = await SendAsync(repository, "pull,push", _ =>
        {
            var content = new StreamContent(open(), 1 << 16);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            content.Headers.ContentLength = size;
            return new HttpRequestMessage(HttpMethod.Put, putUri) { Content = content };
        }, $"upload blob {digest[..19]} ({size} bytes)", ct);
    }

    private async Task PutManifestAsync(ImageReference target, string reference, OciImage image, CancellationToken ct)
    {
        using var response = await SendAsync(target, "pull,push", b =>
        {
            var content = new ByteArrayContent(image.ManifestBytes);
            content.Headers.ContentType = new MediaTypeHeaderValue(image.Manifest.MediaType);
            return new HttpRequestMessage(HttpMethod.Put, new Uri(b, $"v2/{target.Repository}/manifests/{reference}")) { Content = content };
        }, $"put manifest {target.Repository}:{reference}", ct);
        if (response.Headers.TryGetValues("Docker-Content-Digest", out var values) && values.FirstOrDefault() is { } stored && stored != image.Digest)
            throw new RegistryException($"Registry {target.Registry}: stored the manifest as {stored}, but its bytes hash to {image.Digest}; the registry rewrote it.");
    }
}
