using System.Formats.Tar;
using System.Text.Json;
using Pipeline.Packaging.Oci;

namespace Pipeline.Packaging.Images;

/// <summary>
/// Writes an image as one tar that is both an OCI image layout (<c>oci-layout</c>, <c>index.json</c>, <c>blobs/sha256</c>)
/// and a <c>docker save</c> archive (<c>manifest.json</c> pointing at the same blobs): Docker 20.10's <c>docker load</c>
/// reads the second, OCI tools read the first, and the blobs are stored once. The tar itself is reproducible.
/// </summary>
public static class ImageArchiveWriter
{
    public static void Write(OciImage image, string archivePath, IReadOnlyList<string> repoTags, DateTimeOffset modificationTime)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(archivePath))!);
        var index = new ImageIndex
        {
            Manifests =
            [
                new Descriptor
                {
                    MediaType = MediaTypes.OciManifest,
                    Digest = image.Digest,
                    Size = image.ManifestBytes.Length,
                    Annotations = repoTags.Count == 0 ? null : new SortedDictionary<string, string>(StringComparer.Ordinal)
                    {
                        ["io.containerd.image.name"] = repoTags[0],
                        ["org.opencontainers.image.ref.name"] = repoTags[0].Split(':').Last(),
                    },
                },
            ],
        };
        var dockerManifest = new[]
        {
            new DockerArchiveManifest
            {
                Config = BlobPath(image.ConfigDigest),
                RepoTags = repoTags.Count == 0 ? null : repoTags,
                Layers = image.Layers.Select(l => BlobPath(l.Descriptor.Digest)).ToList(),
            },
        };

        // name → (bytes or file); the sorted map is the tar order.
        var files = new SortedDictionary<string, Func<Stream>>(StringComparer.Ordinal)
        {
            ["oci-layout"] = Bytes("{\"imageLayoutVersion\":\"1.0.0\"}"u8.ToArray()),
            ["index.json"] = Bytes(OciJson.Serialize(index)),
            ["manifest.json"] = Bytes(JsonSerializer.SerializeToUtf8Bytes(dockerManifest, OciJson.Options)),
            [BlobPath(image.Digest)] = Bytes(image.ManifestBytes),
            [BlobPath(image.ConfigDigest)] = Bytes(image.ConfigBytes),
        };
        foreach (var layer in image.Layers)
            files[BlobPath(layer.Descriptor.Digest)] = () => File.OpenRead(layer.Path);

        var temp = archivePath + ".tmp";
        using (var output = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        using (var tar = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var dir in new[] { "blobs/", "blobs/sha256/" })
                tar.WriteEntry(Entry(TarEntryType.Directory, dir, modificationTime, LayersMode.Directory));
            foreach (var (name, open) in files)
            {
                using var data = open();
                var entry = Entry(TarEntryType.RegularFile, name, modificationTime, LayersMode.File);
                entry.DataStream = data;
                tar.WriteEntry(entry);
            }
        }
        File.Move(temp, archivePath, overwrite: true);
    }

    private static string BlobPath(string digest) => "blobs/sha256/" + OciJson.Hex(digest);

    private static Func<Stream> Bytes(byte[] bytes) => () => new MemoryStream(bytes, writable: false);

    private static PaxTarEntry Entry(TarEntryType type, string name, DateTimeOffset mtime, UnixFileMode mode) => new(type, name)
    {
        ModificationTime = mtime, Mode = mode, Uid = 0, Gid = 0, UserName = "", GroupName = "",
    };

    private static class LayersMode
    {
        public const UnixFileMode Directory = Layers.LayerContent.DirectoryMode;
        public const UnixFileMode File = Layers.LayerContent.FileMode;
    }
}
