using System.Globalization;
using System.Text;
using System.Text.Json;
using Pipeline.Registry.Events;

namespace Pipeline.Registry.Usage;

/// <summary>Records uses of a model version by the other serving patterns as registry events, and lists the latest ones beside the deployments.</summary>
public static class PatternUses
{
    private static readonly Dictionary<string, string> Actions = new(StringComparer.Ordinal)
    {
        ["batch"] = DeploymentActions.BatchScore,
        ["nuget"] = DeploymentActions.PackageNuGet,
        ["consumer"] = DeploymentActions.Consumer,
    };

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Writes the use as an event of the model (action batch-score / package-nuget / consumer) with the use as evidence.</summary>
    public static Task<DeploymentEvent> RecordAsync(IModelRegistry registry, string model, PatternUse use, string actor, string? runId, CancellationToken ct) =>
        registry.ApplyAsync(new DeploymentChange
        {
            Model = model, Action = Actions[use.Pattern], Actor = actor, Reason = $"{use.Pattern} {use.Version} → {use.Where}: {use.Detail}",
            ToVersion = use.Version, EvidenceJson = JsonSerializer.Serialize(use, Json), RunId = runId,
        }, ct);

    /// <summary>The latest use per pattern and place, most recent first (from the model's last <paramref name="scan"/> events).</summary>
    public static async Task<IReadOnlyList<PatternUse>> LatestAsync(IModelRegistry registry, string model, CancellationToken ct, int scan = 500)
    {
        var uses = new List<PatternUse>();
        foreach (var e in await registry.ListEventsAsync(model, scan, ct))
        {
            if (!Actions.ContainsValue(e.Action)) continue;
            var use = JsonSerializer.Deserialize<PatternUse>(e.EvidenceJson, Json);
            if (use is null || uses.Any(u => u.Pattern == use.Pattern && u.Where == use.Where)) continue;
            uses.Add(use with { At = e.At });
        }
        return uses;
    }

    /// <summary>The uses as console lines under the deployment status.</summary>
    public static string Format(IReadOnlyList<PatternUse> uses)
    {
        if (uses.Count == 0) return "  other patterns: none recorded (ScoreBatch, PackageNuGet, the queue consumer)\n";
        var sb = new StringBuilder("  other patterns (latest per place):\n");
        foreach (var u in uses)
            sb.AppendLine(CultureInfo.InvariantCulture, $"    {u.Pattern,-8} {u.Version,-10} {u.ModelDigest[..Math.Min(19, u.ModelDigest.Length)]} {u.At:u}  {u.Where}  ({u.Detail})");
        return sb.ToString();
    }
}
