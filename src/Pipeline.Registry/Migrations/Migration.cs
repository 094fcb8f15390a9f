using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace Pipeline.Registry.Migrations;

/// <summary>One embedded SQL migration: "NNNN_name.sql" under Migrations/&lt;backend&gt;/.</summary>
internal sealed record Migration(int Version, string Name, string Sql, string Checksum)
{
    public static IReadOnlyList<Migration> Load(string backendFolder)
    {
        var assembly = typeof(Migration).Assembly;
        var prefix = $"Pipeline.Registry.Migrations.{backendFolder}/";
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            var file = resource[prefix.Length..];
            var underscore = file.IndexOf('_');
            if (underscore <= 0 || !int.TryParse(file[..underscore], out var version))
                throw new InvalidOperationException($"Migration resource {resource}: file name must be NNNN_name.sql.");
            var sql = Read(assembly, resource);
            migrations.Add(new Migration(version, Path.GetFileNameWithoutExtension(file)[(underscore + 1)..], sql, ChecksumOf(sql)));
        }

        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
                throw new InvalidOperationException($"Migrations of {backendFolder} must be numbered 1..n without gaps; found {migrations[i].Version} at position {i + 1}.");
        }
        return migrations;
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    private static string ChecksumOf(string sql) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql)))[..16];
}
