using System.Text;

namespace Pipeline.Build;

/// <summary>Which run and target produced an artifact, from which inputs, recursively through upstream artifacts.</summary>
public sealed class LineageReport(ArtifactStore store, ManifestStore manifests)
{
    private const int MaxDepth = 32;

    public string Describe(string digestPrefix)
    {
        var artifact = store.Resolve(digestPrefix);
        var runs = manifests.ReadAll().Reverse().ToList(); // oldest first: the first producer is the origin
        var sb = new StringBuilder();
        Append(sb, artifact.Digest, artifact, runs, 0, new HashSet<string>());
        return sb.ToString();
    }

    private static void Append(StringBuilder sb, string digest, ArtifactRef? known, List<RunManifest> runs, int depth, HashSet<string> seen)
    {
        var indent = new string(' ', depth * 4);
        var producer = runs.SelectMany(r => r.Targets.Where(t => t.Status == TargetStatus.Succeeded)
                .SelectMany(t => t.Outputs.Where(o => o.Value.Digest == digest).Select(o => (Run: r, Target: t, Output: o.Key, Ref: o.Value))))
            .FirstOrDefault();
        var description = known ?? (producer.Run is null ? null : producer.Ref);
        sb.Append(indent).AppendLine(description is { } d ? $"{d.Digest} ({d.Size} B, {d.MediaType})" : digest);
        if (producer.Run is null)
        {
            sb.Append(indent).AppendLine("  not produced by any recorded run (added to the store directly or its manifest was removed)");
            return;
        }
        var finished = producer.Run.FinishedAt?.ToString("u") ?? "unfinished";
        sb.Append(indent).AppendLine($"  produced by {producer.Target.Name} as \"{producer.Output}\" in run {producer.Run.RunId} " +
                                     $"(git {Short(producer.Run.GitCommit)}{(producer.Run.GitDirty ? "+dirty" : "")}, finished {finished})");
        var reusers = runs.SelectMany(r => r.Targets.Where(t => t.ReusedFromRun == producer.Run.RunId && t.Name == producer.Target.Name).Select(_ => r.RunId)).ToList();
        if (reusers.Count > 0) sb.Append(indent).AppendLine($"  reused (up to date) by runs {string.Join(", ", reusers)}");
        if (!seen.Add(digest) || depth >= MaxDepth)
        {
            sb.Append(indent).AppendLine("  (inputs listed above)");
            return;
        }
        var inputs = producer.Target.Inputs;
        if (inputs is null)
        {
            sb.Append(indent).AppendLine("  inputs: not declared (the target always runs)");
            return;
        }
        sb.Append(indent).AppendLine($"  inputs (fingerprint {producer.Target.Fingerprint}):");
        foreach (var f in inputs.Files) sb.Append(indent).AppendLine($"    file {f.Path} {f.Digest ?? "(missing)"}");
        foreach (var (k, v) in inputs.Parameters) sb.Append(indent).AppendLine($"    parameter {k} = {v ?? "(null)"}");
        foreach (var u in inputs.Upstream.Where(u => u.Output == "*"))
            sb.Append(indent).AppendLine($"    dependency {u.Target} fingerprint {u.Digest}");
        foreach (var u in inputs.Upstream.Where(u => u.Output != "*").DistinctBy(u => u.Digest))
        {
            sb.Append(indent).AppendLine($"    upstream {u.Target}/{u.Output}:");
            Append(sb, u.Digest, null, runs, depth + 2, seen);
        }
    }

    private static string Short(string? commit) => commit is null ? "unknown" : commit.Length > 10 ? commit[..10] : commit;
}
