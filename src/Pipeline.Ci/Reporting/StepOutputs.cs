using System.Text.Json;
using Pipeline.Build;
using Pipeline.Ci.Generation;

namespace Pipeline.Ci.Reporting;

/// <summary>
/// The values a run publishes as step outputs: <c>run-id</c>, <c>outcome</c>, then each configured spec (see <see cref="StepOutputSpec"/>);
/// a spec whose target or output is not in the run is left out.
/// </summary>
public static class StepOutputs
{
    /// <param name="readArtifact">Text of an artifact from the store, or null when absent (for <c>#property</c> specs).</param>
    public static IReadOnlyList<KeyValuePair<string, string>> From(RunManifest manifest, IEnumerable<string> specs, Func<ArtifactRef, string?>? readArtifact = null)
    {
        var values = new List<KeyValuePair<string, string>> { new("run-id", manifest.RunId), new("outcome", manifest.Outcome) };
        foreach (var spec in specs)
        {
            var (name, target, output, property) = StepOutputSpec.Parse(spec);
            var record = manifest.Targets.FirstOrDefault(t => string.Equals(t.Name, target, StringComparison.OrdinalIgnoreCase));
            if (record is null) continue;
            if (output is null) values.Add(new(name, Decision(record)));
            else if (!record.Outputs.TryGetValue(output, out var artifact)) continue;
            else if (property is null) values.Add(new(name, artifact.Digest));
            else if (Property(readArtifact?.Invoke(artifact), property) is { } value) values.Add(new(name, value));
        }
        return values;
    }

    private static string? Property(string? json, string property)
    {
        if (json is null) return null;
        try
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty(property, out var p)
                ? p.ValueKind == JsonValueKind.String ? p.GetString() : p.GetRawText()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>What the target decided, e.g. <c>succeeded: promoted v7 to 100 %</c> or <c>failed: gate failed: …</c>.</summary>
    private static string Decision(TargetRecord record)
    {
        var status = record.Status switch
        {
            TargetStatus.UpToDate => "up-to-date",
            TargetStatus.NotRun => "not-run",
            _ => record.Status.ToString().ToLowerInvariant(),
        };
        return record.Note is { Length: > 0 } note ? $"{status}: {note}" : status;
    }
}
