using Pipeline.Build;
using Pipeline.Ci.Generation;

namespace Pipeline.Ci.Reporting;

/// <summary>The values a run publishes as step outputs: <c>run-id</c>, <c>outcome</c>, then each configured <c>name=Target/output</c> or <c>name=Target</c>.</summary>
public static class StepOutputs
{
    public static IReadOnlyList<KeyValuePair<string, string>> From(RunManifest manifest, IEnumerable<string> specs)
    {
        var values = new List<KeyValuePair<string, string>> { new("run-id", manifest.RunId), new("outcome", manifest.Outcome) };
        foreach (var spec in specs)
        {
            var (name, target, output) = StepOutputSpec.Parse(spec);
            var record = manifest.Targets.FirstOrDefault(t => string.Equals(t.Name, target, StringComparison.OrdinalIgnoreCase));
            if (record is null) continue;
            if (output is null) values.Add(new(name, Decision(record)));
            else if (record.Outputs.TryGetValue(output, out var artifact)) values.Add(new(name, artifact.Digest));
        }
        return values;
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
