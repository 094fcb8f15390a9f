using System.Text.Json;

namespace Pipeline.Core.Monitoring;

/// <summary>The JSON shape of prediction-log and feedback lines (camelCase, one object per line), shared by the server and the monitor.</summary>
public static class LogJson
{
    /// <summary>Prediction-log files of a log directory: <c>predictions-&lt;version&gt;-&lt;variant&gt;-&lt;n&gt;.jsonl</c>.</summary>
    public const string PredictionPrefix = "predictions-";

    /// <summary>Feedback files: <c>feedback-&lt;version&gt;.jsonl</c>, append-only.</summary>
    public const string FeedbackPrefix = "feedback-";

    /// <summary>Reads a logged feature value back: JSON numbers as double, strings as string, null as null.</summary>
    public static object? Value(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Number => e.GetDouble(),
        JsonValueKind.String => e.GetString(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };
}

/// <summary>Writes and reads log lines by hand (the server is trimmed: no reflection-based serialization).</summary>
public static class LogLines
{
    public static void Write(Utf8JsonWriter w, PredictionRecord r)
    {
        w.WriteStartObject();
        w.WriteString("id", r.Id);
        w.WriteString("time", r.Time);
        w.WriteString("model", r.Model);
        w.WriteString("version", r.Version);
        w.WriteString("variant", r.Variant);
        w.WriteStartObject("features");
        foreach (var (k, v) in r.Features)
        {
            switch (v)
            {
                case null: w.WriteNull(k); break;
                case double d: w.WriteNumber(k, d); break;
                default: w.WriteString(k, Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)); break;
            }
        }
        w.WriteEndObject();
        w.WriteNumber("score", r.Score);
        w.WriteEndObject();
    }

    public static byte[] Serialize(FeedbackRecord r)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("id", r.Id);
            w.WriteNumber("label", r.Label);
            w.WriteString("at", r.At);
            w.WriteString("predictedAt", r.PredictedAt);
            w.WriteString("version", r.Version);
            w.WriteString("variant", r.Variant);
            w.WriteNumber("score", r.Score);
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    public static FeedbackRecord ReadFeedback(string line)
    {
        using var doc = JsonDocument.Parse(line);
        var e = doc.RootElement;
        return new FeedbackRecord
        {
            Id = e.GetProperty("id").GetString()!,
            Label = e.GetProperty("label").GetDouble(),
            At = e.GetProperty("at").GetDateTimeOffset(),
            PredictedAt = e.GetProperty("predictedAt").GetDateTimeOffset(),
            Version = e.GetProperty("version").GetString()!,
            Variant = e.GetProperty("variant").GetString()!,
            Score = e.GetProperty("score").GetDouble(),
        };
    }

    /// <summary>Reads the records of one log file (skipping a torn last line).</summary>
    public static IEnumerable<PredictionRecord> ReadPredictions(string path)
    {
        using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0) continue;
            PredictionRecord? r;
            try { r = Parse(line); }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException) { continue; }
            if (r is not null) yield return r;
        }
    }

    private static PredictionRecord? Parse(string line)
    {
        using var doc = JsonDocument.Parse(line);
        var e = doc.RootElement;
        var features = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (e.TryGetProperty("features", out var f) && f.ValueKind == JsonValueKind.Object)
            foreach (var p in f.EnumerateObject()) features[p.Name] = LogJson.Value(p.Value);
        return new PredictionRecord
        {
            Id = e.GetProperty("id").GetString()!,
            Time = e.GetProperty("time").GetDateTimeOffset(),
            Model = e.GetProperty("model").GetString()!,
            Version = e.GetProperty("version").GetString()!,
            Variant = e.GetProperty("variant").GetString()!,
            Features = features,
            Score = e.GetProperty("score").GetDouble(),
        };
    }

    /// <summary>Reads a feedback file (skipping a torn last line); empty when it does not exist.</summary>
    public static IEnumerable<FeedbackRecord> ReadFeedbackFile(string path)
    {
        if (!File.Exists(path)) yield break;
        using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0) continue;
            FeedbackRecord? r;
            try { r = ReadFeedback(line); }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException) { continue; }
            if (r is not null) yield return r;
        }
    }

}
