using Pipeline.Core.Monitoring;
using System.Text.Json;

namespace Pipeline.Serving.Monitoring;

/// <summary>
/// Outcome feedback of one server, kept with the version that answered: an append-only JSONL file per version, each accepted item
/// flushed to disk before it is acknowledged, so a restart loses nothing; duplicates are recognised across restarts.
/// </summary>
public sealed class FeedbackStore : IDisposable
{
    private readonly PredictionLog _log;
    private readonly TimeProvider _time;
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly FileStream _file;
    private readonly object _gate = new();

    public FeedbackStore(PredictionLog log, string version, TimeProvider time)
    {
        _log = log;
        _time = time;
        var path = Path.Combine(log.Options.Directory, $"{LogJson.FeedbackPrefix}{PredictionLog.Safe(version)}.jsonl");
        foreach (var r in LogLines.ReadFeedbackFile(path)) _seen.Add(r.Id);
        _file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read | FileShare.Delete);
    }

    public int Count { get { lock (_gate) return _seen.Count; } }

    public FeedbackResult Submit(string id, double label)
    {
        if (!_log.TryFind(id, out var logged))
            return new FeedbackResult(id, FeedbackStatus.Unknown,
                $"request id '{id}' is not in this server's prediction log (never answered here, sampled out at sampleRate {_log.Options.SampleRate}, or rotated away); " +
                "send the x-request-id of a prediction (with #<row> for a row of a multi-row request)");
        var now = _time.GetUtcNow();
        if (now - logged.Time > _log.Options.FeedbackWindow)
            return new FeedbackResult(id, FeedbackStatus.Late,
                $"request id '{id}' was answered at {logged.Time:O}; feedback later than monitoring.feedbackWindowHours ({_log.Options.FeedbackWindow.TotalHours:0.#} h) is not used. " +
                "Send outcomes sooner or raise feedbackWindowHours in model.yaml", logged.Version);
        var record = new FeedbackRecord { Id = id, Label = label, At = now, PredictedAt = logged.Time, Version = logged.Version, Variant = logged.Variant, Score = logged.Score };
        var line = LogLines.Serialize(record);
        lock (_gate)
        {
            if (!_seen.Add(id))
                return new FeedbackResult(id, FeedbackStatus.Duplicate, $"request id '{id}' already has an outcome; the first one is kept (send each outcome once)", logged.Version);
            _file.Write(line);
            _file.WriteByte((byte)'\n');
            _file.Flush(flushToDisk: true);
        }
        return new FeedbackResult(id, FeedbackStatus.Accepted, $"outcome {label.ToString(System.Globalization.CultureInfo.InvariantCulture)} kept with {logged.Version} ({logged.Variant})", logged.Version);
    }

    public void Dispose()
    {
        lock (_gate) _file.Dispose();
    }
}
