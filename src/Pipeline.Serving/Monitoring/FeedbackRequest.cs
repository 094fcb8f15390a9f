using System.Text.Json;
using Pipeline.Core.Models;

namespace Pipeline.Serving.Monitoring;

/// <summary>Reads a feedback body: one <c>{"id": "...", "label": …}</c>, a JSON array of them, or <c>{"feedback": [...]}</c>; what a label may be
/// is the model task's <see cref="OutcomeRule"/>.</summary>
public static class FeedbackRequest
{
    /// <summary>The items (each with an id and label, or an Invalid result), whether it was a batch, or an error for the whole body.</summary>
    public static (IReadOnlyList<(string? Id, double? Label, FeedbackResult? Invalid)> Items, bool Batch, string? Error) Read(ReadOnlySpan<byte> body, OutcomeRule rule)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(body.ToArray()); }
        catch (JsonException e)
        {
            return ([], false, $"the body is not JSON ({e.Message}); send {{\"id\": \"<x-request-id>\", \"label\": <{rule.Expected}>}} or a list of them");
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("feedback", out var list)) root = list;
            if (root.ValueKind == JsonValueKind.Array)
            {
                if (root.GetArrayLength() == 0) return ([], true, "the feedback list is empty; send at least one {\"id\", \"label\"} item");
                return (root.EnumerateArray().Select((e, i) => Item(e, $"feedback[{i}]", rule)).ToList(), true, null);
            }
            if (root.ValueKind == JsonValueKind.Object) return ([Item(root, "$", rule)], false, null);
            return ([], false, "the body must be an object {\"id\", \"label\"}, a list of them, or {\"feedback\": [...]}");
        }
    }

    private static (string?, double?, FeedbackResult?) Item(JsonElement e, string where, OutcomeRule rule)
    {
        string? id = e.ValueKind == JsonValueKind.Object && e.TryGetProperty("id", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString() : null;
        string? problem = null;
        double? label = null;
        if (e.ValueKind != JsonValueKind.Object) problem = $"{where}: must be an object with id and label";
        else if (string.IsNullOrEmpty(id)) problem = $"{where}.id: missing or not a string; send the x-request-id the prediction was answered with";
        else if (!e.TryGetProperty("label", out var l)) problem = $"{where}.label: missing; send the true outcome as {rule.Expected}";
        else if ((label = rule.Parse(l)) is null) problem = $"{where}.label: {l.GetRawText()} is not an outcome of this {ModelTasks.Name(rule.Task)} model; send {rule.Expected}";
        return problem is null ? (id, label, null) : (id, null, new FeedbackResult(id, FeedbackStatus.Invalid, problem));
    }
}
