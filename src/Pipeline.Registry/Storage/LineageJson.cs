using System.Text.Json;
using Pipeline.Registry.Versions;

namespace Pipeline.Registry.Storage;

/// <summary>Lineage as stored: camelCase JSON with parameters sorted by name, so equal lineage is equal text.</summary>
internal static class LineageJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    private sealed record Stored(string? DataDigest, string? DataProfileDigest, string? Commit, string? RunId, SortedDictionary<string, string>? Parameters);

    public static string Write(ModelLineage lineage) => JsonSerializer.Serialize(
        new Stored(lineage.DataDigest, lineage.DataProfileDigest, lineage.Commit, lineage.RunId,
            new SortedDictionary<string, string>(lineage.Parameters.ToDictionary(), StringComparer.Ordinal)),
        Options);

    public static ModelLineage Read(string json)
    {
        var stored = JsonSerializer.Deserialize<Stored>(json, Options)
            ?? throw new RegistryException($"Stored lineage is not a JSON object: {json}");
        return new ModelLineage
        {
            DataDigest = stored.DataDigest,
            DataProfileDigest = stored.DataProfileDigest,
            Commit = stored.Commit,
            RunId = stored.RunId,
            Parameters = new SortedDictionary<string, string>(stored.Parameters ?? [], StringComparer.Ordinal),
        };
    }
}
