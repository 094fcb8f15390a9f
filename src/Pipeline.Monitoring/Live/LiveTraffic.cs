using Pipeline.Core.Monitoring;

namespace Pipeline.Monitoring.Live;

/// <summary>What production saw for one version: the logged rows and the outcomes fed back for them.</summary>
public sealed record LiveTraffic(string Version, IReadOnlyList<PredictionRecord> Rows, IReadOnlyList<FeedbackRecord> Feedback)
{
    /// <summary>Reads every server's prediction-log files and feedback of <paramref name="version"/> in <paramref name="directory"/>
    /// (rows newer than <paramref name="since"/> when given); a missing directory is no traffic.</summary>
    public static LiveTraffic Read(string directory, string version, DateTimeOffset? since = null)
    {
        if (!Directory.Exists(directory)) return new LiveTraffic(version, [], []);
        var safe = Safe(version);
        var rows = Directory.EnumerateFiles(directory, $"{LogJson.PredictionPrefix}{safe}-*.jsonl").Order(StringComparer.Ordinal)
            .SelectMany(LogLines.ReadPredictions)
            .Where(r => r.Version == version && (since is null || r.Time >= since))
            .ToList();
        var feedback = LogLines.ReadFeedbackFile(Path.Combine(directory, $"{LogJson.FeedbackPrefix}{safe}.jsonl"))
            .Where(f => f.Version == version && (since is null || f.PredictedAt >= since))
            .ToList();
        return new LiveTraffic(version, rows, feedback);
    }

    /// <summary>The logged rows that have an outcome, with it.</summary>
    public IEnumerable<(PredictionRecord Row, double Label)> Labelled()
    {
        var labels = Feedback.GroupBy(f => f.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Label, StringComparer.Ordinal);
        foreach (var r in Rows)
            if (labels.TryGetValue(r.Id, out var l)) yield return (r, l);
    }

    private static string Safe(string s) => string.Concat(s.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' ? c : '_'));
}
