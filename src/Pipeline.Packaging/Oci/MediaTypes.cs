namespace Pipeline.Packaging.Oci;

/// <summary>Media types of OCI and Docker image parts.</summary>
public static class MediaTypes
{
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string OciConfig = "application/vnd.oci.image.config.v1+json";
    public const string OciLayerGzip = "application/vnd.oci.image.layer.v1.tar+gzip";
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string DockerConfig = "application/vnd.docker.container.image.v1+json";
    public const string DockerLayerGzip = "application/vnd.docker.image.rootfs.diff.tar.gzip";

    /// <summary>True for a gzip-compressed layer in either the OCI or the Docker spelling.</summary>
    public static bool IsGzipLayer(string mediaType) => mediaType is OciLayerGzip or DockerLayerGzip;

    public static bool IsIndex(string mediaType) => mediaType is OciIndex or DockerManifestList;
}
