using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Pipeline.Reports.Canary;

/// <summary>One judge decision as the registry recorded it: when, what, why, and each metric's evidence.</summary>
public sealed record RolloutDecision
{
    public required DateTimeOffset At { get; init; }
    public required string Action { get; init; }
    public required string Reason { get; init; }
    public string Stage { get; init; } = "canary";
    public double Weight { get; init; }
    public double? NextWeight { get; init; }
    public IReadOnlyList<MetricEvidence> Metrics { get; init; } = [];

    /// <summary>A registry event's evidence JSON (written by the rollout journal) read leniently: absent fields stay default.</summary>
    public static RolloutDecision FromEvent(DateTimeOffset at, string action, string reason, string evidenceJson)
    {
        using var doc = JsonDocument.Parse(string.IsNullOrWhiteSpace(evidenceJson) ? "{}" : evidenceJson);
        var root = doc.RootElement;
        var metrics = new List<MetricEvidence>();
        if (root.TryGetProperty("metrics", out var list) && list.ValueKind == JsonValueKind.Array)
            foreach (var m in list.EnumerateArray()) metrics.Add(MetricEvidence.From(m));
        return new RolloutDecision
        {
            At = at,
            Action = Str(root, "action") ?? action,
            Reason = reason,
            Stage = Str(root, "stage") ?? "canary",
            Weight = Num(root, "weight") ?? 0,
            NextWeight = Num(root, "nextWeight"),
            Metrics = metrics,
        };
    }

    internal static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) ? v.ValueKind == JsonValueKind.String ? v.GetString() : v.ToString() : null;

    internal static double? Num(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
}

/// <summary>One metric's state at a decision, with the number the judge compares against its bound when the statistic has one.</summary>
public sealed partial record MetricEvidence
{
    public required string Metric { get; init; }
    public string Canary { get; init; } = "";
    public string Stable { get; init; } = "";
    public string Threshold { get; init; } = "";
    public string Statistic { get; init; } = "";
    public string Status { get; init; } = "";
    public long CanarySamples { get; init; }
    public long StableSamples { get; init; }

    /// <summary>The evidence on the scale of <see cref="BreachBound"/>: a sequential test's log-likelihood ratio, a PSI, a confidence bound.</summary>
    public double? Evidence { get; init; }

    /// <summary>Crossing this (upwards) is a breach.</summary>
    public double? BreachBound { get; init; }

    /// <summary>Crossing this (downwards) accepts the canary as healthy, for sequential tests.</summary>
    public double? AcceptBound { get; init; }

    private static readonly string[] StatusNames = ["collecting", "healthy", "breached", "not judged"];

    internal static MetricEvidence From(JsonElement m)
    {
        var statusText = m.TryGetProperty("status", out var s)
            ? s.ValueKind == JsonValueKind.Number && s.GetInt32() is var i && i >= 0 && i < StatusNames.Length ? StatusNames[i] : s.ToString().ToLowerInvariant()
            : "";
        var statistic = RolloutDecision.Str(m, "statistic") ?? "";
        var threshold = RolloutDecision.Str(m, "threshold") ?? "";
        var canary = RolloutDecision.Str(m, "canary") ?? "";
        var e = new MetricEvidence
        {
            Metric = RolloutDecision.Str(m, "metric") ?? "?",
            Canary = canary,
            Stable = RolloutDecision.Str(m, "stable") ?? "",
            Threshold = threshold,
            Statistic = statistic,
            Status = statusText,
            CanarySamples = (long)(RolloutDecision.Num(m, "canarySamples") ?? 0),
            StableSamples = (long)(RolloutDecision.Num(m, "stableSamples") ?? 0),
        };
        // Sequential tests: "LLR 1.23 in (-2.25, 2.94) ...". PSI: canary value against "PSI ≤ 0.2". Confidence sequences: lower bound against "≤ x".
        if (Llr().Match(statistic) is { Success: true } llr)
            return e with { Evidence = D(llr.Groups[1].Value), AcceptBound = D(llr.Groups[2].Value), BreachBound = D(llr.Groups[3].Value) };
        if (PsiBound().Match(threshold) is { Success: true } psi && double.TryParse(canary, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            return e with { Evidence = value, BreachBound = D(psi.Groups[1].Value) };
        if (Sequence().Match(statistic) is { Success: true } seq && IncreaseBound().Match(threshold) is { Success: true } bar)
            return e with { Evidence = D(seq.Groups[1].Value), BreachBound = D(bar.Groups[1].Value) };
        return e;
    }

    private static double D(string s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"LLR (-?[0-9.]+(?:E[-+]?\d+)?) in \((-?[0-9.]+), (-?[0-9.]+)\)")]
    private static partial Regex Llr();

    [GeneratedRegex(@"PSI ≤ (-?[0-9.]+)")]
    private static partial Regex PsiBound();

    [GeneratedRegex(@"confidence sequence \[(-?[0-9.]+), (-?[0-9.]+)\]")]
    private static partial Regex Sequence();

    [GeneratedRegex(@"increase ≤ (-?[0-9.]+)")]
    private static partial Regex IncreaseBound();
}
