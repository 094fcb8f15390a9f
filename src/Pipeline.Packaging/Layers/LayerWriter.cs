using System.Formats.Tar;
using System.IO.Compression;
using Pipeline.Packaging.Oci;

namespace Pipeline.Packaging.Layers;

/// <summary>
/// Writes a layer as a reproducible gzip'd tar: entries in ordinal path order, one mtime, fixed owner and modes,
/// PAX headers holding only path and mtime, gzip header with mtime 0. Compressed layers are cached by their
/// uncompressed digest, so an unchanged layer costs one tar pass and no compression.
/// </summary>
public sealed class LayerWriter(string cacheDirectory)
{
    /// <summary>Folder holding <c>&lt;diffid-hex&gt;-&lt;level&gt;.tar.gz</c> files.</summary>
    public string CacheDirectory { get; } = cacheDirectory;

    public LayerBlob Write(LayerContent content, LayerWriteOptions options)
    {
        string diffId;
        using (var sink = new HashingStream(null))
        {
            WriteTar(content, options, sink);
            diffId = sink.Digest;
        }

        Directory.CreateDirectory(CacheDirectory);
        var path = Path.Combine(CacheDirectory, $"{OciJson.Hex(diffId)}-{(int)options.Compression}.tar.gz");
        var digestFile = path + ".digest";
        if (File.Exists(path) && File.Exists(digestFile))
        {
            var cachedDigest = File.ReadAllText(digestFile).Trim();
            return Blob(content, diffId, cachedDigest, new FileInfo(path).Length, path);
        }

        var temp = path + "." + Environment.ProcessId + "." + Environment.CurrentManagedThreadId + ".tmp";
        string digest;
        long size;
        using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        using (var compressedHash = new HashingStream(file))
        {
            using (var gzip = new GZipStream(compressedHash, options.Compression, leaveOpen: true))
            using (var tarHash = new HashingStream(gzip))
            {
                WriteTar(content, options, tarHash);
                if (tarHash.Digest != diffId)
                    throw new InvalidOperationException($"Layer '{content.Description}' changed while it was written (a source file was modified); build again.");
            }
            digest = compressedHash.Digest;
            size = compressedHash.BytesWritten;
        }
        File.WriteAllText(digestFile + ".tmp", digest);
        File.Move(digestFile + ".tmp", digestFile, overwrite: true);
        File.Move(temp, path, overwrite: true);
        return Blob(content, diffId, digest, size, path);
    }

    private static LayerBlob Blob(LayerContent content, string diffId, string digest, long size, string path) => new()
    {
        Descriptor = new Descriptor { MediaType = MediaTypes.OciLayerGzip, Digest = digest, Size = size },
        DiffId = diffId,
        Path = path,
        Description = content.Description,
    };

    internal static void WriteTar(LayerContent content, LayerWriteOptions options, Stream output)
    {
        using var tar = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
        foreach (var e in content.Entries)
        {
            var name = e.Kind == LayerEntryKind.Directory ? e.Path + "/" : e.Path;
            var type = e.Kind switch
            {
                LayerEntryKind.Directory => TarEntryType.Directory,
                LayerEntryKind.Symlink => TarEntryType.SymbolicLink,
                _ => TarEntryType.RegularFile,
            };
            var entry = new PaxTarEntry(type, name)
            {
                ModificationTime = options.ModificationTime,
                Uid = e.Uid ?? options.Uid,
                Gid = e.Gid ?? options.Gid,
                Mode = e.Mode,
                UserName = "",
                GroupName = "",
            };
            if (e.Kind == LayerEntryKind.Symlink)
                entry.LinkName = e.LinkTarget!;
            if (e.Kind != LayerEntryKind.File)
            {
                tar.WriteEntry(entry);
                continue;
            }
            using var data = e.SourceFile is not null
                ? new FileStream(e.SourceFile, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16)
                : (Stream)new MemoryStream(e.Content ?? [], writable: false);
            entry.DataStream = data;
            tar.WriteEntry(entry);
        }
    }
}
