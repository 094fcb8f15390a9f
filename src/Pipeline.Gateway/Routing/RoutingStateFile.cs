using System.Text.Json;

namespace Pipeline.Gateway.Routing;

/// <summary>Reads and writes the persisted routing table (atomic temp file + rename).</summary>
public static class RoutingStateFile
{
    public static void Write(string path, RoutingTable table)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(dir);
        var temp = Path.Combine(dir, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        File.WriteAllText(temp, JsonSerializer.Serialize(table, GatewayJson.Indented));
        File.Move(temp, path, overwrite: true);
    }

    public static RoutingTable? TryRead(string path, out string? error)
    {
        error = null;
        if (!File.Exists(path)) return null;
        try
        {
            var table = JsonSerializer.Deserialize<RoutingTable>(File.ReadAllText(path), GatewayJson.Options);
            if (table is null) { error = $"state file {path}: empty JSON; delete it or write a routing table."; return null; }
            var problems = RoutingTableValidator.Validate(table);
            if (problems.Count > 0) { error = $"state file {path}: {string.Join(" ", problems)}"; return null; }
            return table;
        }
        catch (JsonException e)
        {
            error = $"state file {path}: not a routing table ({e.Message}); delete it or fix the JSON.";
            return null;
        }
    }
}
