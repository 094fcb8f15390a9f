using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Pipeline.Build;

/// <summary>Content-addressed, immutable blobs under <c>&lt;root&gt;/blobs/sha256/&lt;hex&gt;</c>; every write is temp file + rename.</summary>
public sealed class ArtifactStore
{
    private const string MediaTypesFolder = "media";

    public ArtifactStore(string root)
    {
        Root = Path.GetFullPath(root);
        BlobsDirectory = Path.Combine(Root, "blobs", "sha256");
        RunsDirectory = Path.Combine(Root, "runs");
    }

    /// <summary>Store root, usually <c>.artifacts/</c>.</summary>
    public string Root { get; }

    public string BlobsDirectory { get; }

    /// <summary>Where run manifests live: <c>&lt;root&gt;/runs/&lt;run-id&gt;.json</c>.</summary>
    public string RunsDirectory { get; }

    public ArtifactRef PutFile(string path, string mediaType)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"Cannot store {path}: the file does not exist.", path);
        Directory.CreateDirectory(TempDirectory);
        var temp = Path.Combine(TempDirectory, Guid.NewGuid().ToString("N"));
        string hex;
        long size;
        using (var source = File.OpenRead(path))
        using (var target = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
        {
            var buffer = new byte[81920];
            int read;
            while ((read = source.Read(buffer)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                target.Write(buffer, 0, read);
            }
            size = target.Length;
            hex = Convert.ToHexStringLower(hash.GetHashAndReset());
        }
        return Commit(temp, hex, size, mediaType);
    }

    public ArtifactRef PutBytes(ReadOnlySpan<byte> bytes, string mediaType)
    {
        var hex = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (Exists(hex)) return Remember(new ArtifactRef("sha256:" + hex, bytes.Length, mediaType));
        Directory.CreateDirectory(TempDirectory);
        var temp = Path.Combine(TempDirectory, Guid.NewGuid().ToString("N"));
        using (var target = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            target.Write(bytes);
        return Commit(temp, hex, bytes.Length, mediaType);
    }

    public ArtifactRef PutText(string text, string mediaType = "text/plain") => PutBytes(Encoding.UTF8.GetBytes(text), mediaType);

    public ArtifactRef PutJson<T>(T value, string mediaType = "application/json") =>
        PutText(JsonSerializer.Serialize(value, StoreJson.Options), mediaType);

    /// <summary>Reads a JSON blob back.</summary>
    public T ReadJson<T>(ArtifactRef artifact)
    {
        using var stream = Open(artifact);
        return JsonSerializer.Deserialize<T>(stream, StoreJson.Options)
               ?? throw new InvalidDataException($"{artifact.Digest} holds JSON null, expected {typeof(T).Name}.");
    }

    public string ReadText(ArtifactRef artifact) => File.ReadAllText(PathOf(artifact));

    public string PathOf(ArtifactRef artifact) => PathOf(artifact.Digest);

    public string PathOf(string digest) => Path.Combine(BlobsDirectory, Hex(digest));

    public Stream Open(ArtifactRef artifact) => Open(artifact.Digest);

    public Stream Open(string digest)
    {
        var path = PathOf(digest);
        if (!File.Exists(path))
            throw new FileNotFoundException($"Artifact {digest} is not in the store at {BlobsDirectory}.", path);
        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
    }

    public bool Exists(string digest) => File.Exists(PathOf(digest));

    public bool Exists(ArtifactRef artifact) => Exists(artifact.Digest);

    /// <summary>Finds the one blob whose digest starts with <paramref name="digestPrefix"/> (with or without <c>sha256:</c>).</summary>
    public ArtifactRef Resolve(string digestPrefix)
    {
        var prefix = Hex(digestPrefix).ToLowerInvariant();
        if (prefix.Length < 4)
            throw new ArgumentException($"Digest prefix \"{digestPrefix}\" is too short: give at least 4 hex characters.", nameof(digestPrefix));
        var matches = Directory.Exists(BlobsDirectory)
            ? Directory.EnumerateFiles(BlobsDirectory, prefix + "*").Select(Path.GetFileName).OfType<string>().ToList()
            : [];
        return matches.Count switch
        {
            0 => throw new KeyNotFoundException($"No artifact in {BlobsDirectory} has a digest starting with {prefix}."),
            1 => Describe(matches[0]),
            _ => throw new ArgumentException(
                $"Digest prefix {prefix} is ambiguous: {matches.Count} artifacts match ({string.Join(", ", matches.Take(5).Select(m => m[..12]))}…); give more characters."),
        };
    }

    private string TempDirectory => Path.Combine(Root, "tmp");

    private ArtifactRef Commit(string temp, string hex, long size, string mediaType)
    {
        Directory.CreateDirectory(BlobsDirectory);
        var final = Path.Combine(BlobsDirectory, hex);
        if (File.Exists(final))
        {
            File.Delete(temp);
        }
        else
        {
            // rename(2) is atomic: a concurrent writer of the same content replaces an identical file.
            File.Move(temp, final, overwrite: true);
        }
        return Remember(new ArtifactRef("sha256:" + hex, size, mediaType));
    }

    private ArtifactRef Remember(ArtifactRef artifact)
    {
        // The media type is a property of the reference; keep the first one seen so Resolve can describe a blob.
        var path = Path.Combine(Root, MediaTypesFolder, artifact.Hex);
        if (File.Exists(path)) return artifact;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        AtomicFile.WriteAllText(path, artifact.MediaType);
        return artifact;
    }

    private ArtifactRef Describe(string hex)
    {
        var media = Path.Combine(Root, MediaTypesFolder, hex);
        var type = File.Exists(media) ? File.ReadAllText(media).Trim() : "application/octet-stream";
        return new ArtifactRef("sha256:" + hex, new FileInfo(Path.Combine(BlobsDirectory, hex)).Length, type);
    }

    private static string Hex(string digest) => digest.StartsWith("sha256:", StringComparison.OrdinalIgnoreCase) ? digest[7..] : digest;
}
