using System.Text.Json;
using Pipeline.Core.Verdicts;

namespace Pipeline.Monitoring.Alerts;

/// <summary>The body a breach is posted with: <c>generic</c> JSON (every failed check) or a <c>slack</c>-compatible message.</summary>
public static class AlertPayload
{
    public static byte[] Render(string format, string model, string version, Verdict verdict, DateTimeOffset at, string? action)
    {
        var failed = verdict.Checks.Where(c => c.Outcome == CheckOutcome.Fail).ToList();
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            if (format == "slack")
            {
                var title = Retraining(verdict)
                    ? $":warning: {model} {version}: retraining did not reach production"
                    : $":rotating_light: {model} {version}: Monitor breach ({failed.Count} failed check{(failed.Count == 1 ? "" : "s")})";
                var lines = failed.Take(10).Select(c => $"• *{c.Metric}*: {c.Observed} (required {c.Threshold})");
                w.WriteString("text", title);
                w.WriteStartArray("blocks");
                Section(w, $"*{title}*");
                Section(w, string.Join("\n", lines) + (failed.Count > 10 ? $"\n… and {failed.Count - 10} more" : ""));
                if (action is not null) Section(w, $"Action: {action}");
                w.WriteEndArray();
            }
            else
            {
                w.WriteString("source", "pipeline-monitor");
                w.WriteString("kind", Retraining(verdict) ? "retraining-failed" : "breach");
                w.WriteString("model", model);
                w.WriteString("version", version);
                w.WriteString("outcome", verdict.Outcome.ToString().ToLowerInvariant());
                w.WriteString("at", at);
                if (action is null) w.WriteNull("action"); else w.WriteString("action", action);
                w.WriteStartArray("breaches");
                foreach (var c in failed)
                {
                    w.WriteStartObject();
                    w.WriteString("metric", c.Metric);
                    w.WriteString("observed", c.Observed);
                    w.WriteString("threshold", c.Threshold);
                    if (c.SampleSize is { } n) w.WriteNumber("sampleSize", n);
                    if (c.Detail is not null) w.WriteString("detail", c.Detail);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The verdict of a retraining that did not reach production (Monitor's second message after a breach).</summary>
    private static bool Retraining(Verdict verdict) => verdict.Gate == "Retraining";

    private static void Section(Utf8JsonWriter w, string markdown)
    {
        w.WriteStartObject();
        w.WriteString("type", "section");
        w.WriteStartObject("text");
        w.WriteString("type", "mrkdwn");
        w.WriteString("text", markdown);
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
