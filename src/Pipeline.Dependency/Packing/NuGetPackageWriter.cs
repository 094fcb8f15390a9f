using System.IO.Compression;
using System.Text;
using System.Xml.Linq;

namespace Pipeline.Dependency.Packing;

/// <summary>
/// Writes a .nupkg (an OPC zip: [Content_Types].xml, _rels/.rels, the .nuspec at the root, then the files) with fixed entry times and
/// order, so the same contents give the same bytes.
/// </summary>
public static class NuGetPackageWriter
{
    private static readonly XNamespace Nuspec = "http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd";
    private static readonly DateTimeOffset EntryTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public sealed record Manifest
    {
        public required string Id { get; init; }
        public required string Version { get; init; }
        public required string Authors { get; init; }
        public required string Description { get; init; }
        public string? Title { get; init; }
        public string? Tags { get; init; }
        public string? Readme { get; init; }
        public string? RepositoryCommit { get; init; }

        /// <summary>Package id → version of the dependencies of <see cref="TargetFramework"/>.</summary>
        public required IReadOnlyList<(string Id, string Version)> Dependencies { get; init; }

        public required string TargetFramework { get; init; }
    }

    /// <summary>Writes the package to <paramref name="path"/> (replacing it atomically); files are package path → bytes.</summary>
    public static void Write(string path, Manifest manifest, IReadOnlyList<(string Path, byte[] Bytes)> files)
    {
        var temporary = path + ".partial";
        using (var stream = File.Create(temporary))
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create))
        {
            Add(zip, "_rels/.rels", Encoding.UTF8.GetBytes(Relationships(manifest.Id)));
            Add(zip, $"{manifest.Id}.nuspec", Encoding.UTF8.GetBytes(NuspecXml(manifest)));
            foreach (var (file, bytes) in files) Add(zip, file, bytes);
            Add(zip, "[Content_Types].xml", Encoding.UTF8.GetBytes(ContentTypes(files.Select(f => Path.GetExtension(f.Path)))));
        }
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The .nuspec text.</summary>
    public static string NuspecXml(Manifest m)
    {
        var metadata = new XElement(Nuspec + "metadata",
            new XElement(Nuspec + "id", m.Id),
            new XElement(Nuspec + "version", m.Version),
            m.Title is null ? null : new XElement(Nuspec + "title", m.Title),
            new XElement(Nuspec + "authors", m.Authors),
            new XElement(Nuspec + "description", m.Description),
            m.Readme is null ? null : new XElement(Nuspec + "readme", m.Readme),
            m.Tags is null ? null : new XElement(Nuspec + "tags", m.Tags),
            m.RepositoryCommit is null ? null : new XElement(Nuspec + "repository", new XAttribute("type", "git"), new XAttribute("commit", m.RepositoryCommit)),
            new XElement(Nuspec + "dependencies",
                new XElement(Nuspec + "group", new XAttribute("targetFramework", m.TargetFramework),
                    m.Dependencies.Select(d => new XElement(Nuspec + "dependency", new XAttribute("id", d.Id), new XAttribute("version", d.Version))))));
        var document = new XDocument(new XDeclaration("1.0", "utf-8", null), new XElement(Nuspec + "package", metadata));
        return document.Declaration + "\n" + document.Root + "\n";
    }

    private static string Relationships(string id) =>
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" +
        $"<Relationship Type=\"http://schemas.microsoft.com/packaging/2010/07/manifest\" Target=\"/{id}.nuspec\" Id=\"R{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(id)))[..16]}\" />" +
        "</Relationships>\n";

    private static string ContentTypes(IEnumerable<string> extensions)
    {
        var sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">");
        sb.Append("<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\" />");
        sb.Append("<Default Extension=\"nuspec\" ContentType=\"application/octet\" />");
        foreach (var ext in extensions.Select(e => e.TrimStart('.').ToLowerInvariant()).Where(e => e.Length > 0 && e is not ("rels" or "nuspec")).Distinct().Order(StringComparer.Ordinal))
            sb.Append($"<Default Extension=\"{ext}\" ContentType=\"application/octet\" />");
        sb.Append("</Types>\n");
        return sb.ToString();
    }

    private static void Add(ZipArchive zip, string name, byte[] bytes)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        entry.LastWriteTime = EntryTime;
        using var s = entry.Open();
        s.Write(bytes);
    }
}
