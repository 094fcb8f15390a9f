using System.Text.Json;

namespace Pipeline.Serving.Monitoring;

/// <summary>Reads a feedback body: one <c>{"id": "...", "label": 0|1}</c>, a JSON array of them, or <c>{"feedback": [...]}</c>.</summary>
public static class FeedbackRequest
{
    /// <summary>The items (each with an id and label, or an Invalid result), whether it was a batch, or an error for the whole body.</summary>
    public static (IReadOnlyList<(string? Id, int? Label, FeedbackResult? Invalid)> Items, bool Batch, string? Error) Read(ReadOnlySpan<byte> body)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(body.ToArray()); }
        catch (JsonException e)
        {
            return ([], false, $"the body is not JSON ({e.Message}); send {{\"id\": \"<x-request-id>\", \"label\": 0 or 1}} or a list of them");
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("feedback", out var list)) root = list;
            if (root.ValueKind == JsonValueKind.Array)
            {
                if (root.GetArrayLength() == 0) return ([], true, "the feedback list is empty; send at least one {\"id\", \"label\"} item");
                return (root.EnumerateArray().Select((e, i) => Item(e, $"feedback[{i}]")).ToList(), true, null);
            }
            if (root.ValueKind == JsonValueKind.Object) return ([Item(root, "$")], false, null);
            return ([], false, "the body must be an object {\"id\", \"label\"}, a list of them, or {\"feedback\": [...]}");
        }
    }

    private static (string?, int?, FeedbackResult?) Item(JsonElement e, string where)
    {
        string? Invalid(string problem) => problem;
        string? id = e.ValueKind == JsonValueKind.Object && e.TryGetProperty("id", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString() : null;
        string? problem = null;
        if (e.ValueKind != JsonValueKind.Object) problem = Invalid($"{where}: must be an object with id and label");
        else if (string.IsNullOrEmpty(id)) problem = Invalid($"{where}.id: missing or not a string; send the x-request-id the prediction was answered with");
        int? label = null;
        if (problem is null)
        {
            if (!e.TryGetProperty("label", out var l)) problem = $"{where}.label: missing; send the true outcome as 0 or 1";
            else label = l.ValueKind switch
            {
                JsonValueKind.True => 1,
                JsonValueKind.False => 0,
                JsonValueKind.Number when l.TryGetInt32(out var n) && n is 0 or 1 => n,
                _ => null,
            };
            if (problem is null && label is null) problem = $"{where}.label: {e.GetProperty("label").GetRawText()} is not an outcome; send 0 or 1 (or false/true)";
        }
        return problem is null ? (id, label, null) : (id, null, new FeedbackResult(id, FeedbackStatus.Invalid, problem));
    }
}
