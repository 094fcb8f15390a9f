using System.Text.Json;

namespace Pipeline.Gateway.Release;

/// <summary>
/// The canary judge's running evidence and its decisions as the controller posts them (<c>POST /admin/release-evidence</c>), kept in
/// memory for the live release page: the newest progress report, and the last <see cref="MaxDecisions"/> decisions.
/// </summary>
public sealed class ReleaseEvidence(TimeProvider time)
{
    public const int MaxDecisions = 50;
    public const int MaxHistory = 600;

    private readonly object _gate = new();
    private readonly List<JsonElement> _decisions = [];
    private readonly List<JsonElement> _history = [];
    private JsonElement? _latest;

    /// <summary>Records one post: <c>{"kind": "progress" | "decision", ...}</c>; the receive time is added as <c>receivedAt</c>.</summary>
    public void Add(JsonElement post)
    {
        var stamped = Stamp(post);
        var kind = post.TryGetProperty("kind", out var k) ? k.GetString() : null;
        lock (_gate)
        {
            _latest = stamped;
            _history.Add(stamped);
            if (_history.Count > MaxHistory) _history.RemoveAt(0);
            if (kind == "decision")
            {
                _decisions.Add(stamped);
                if (_decisions.Count > MaxDecisions) _decisions.RemoveAt(0);
            }
        }
    }

    /// <summary>The newest post, every post kept (oldest first) and the decisions (oldest first).</summary>
    public (JsonElement? Latest, IReadOnlyList<JsonElement> History, IReadOnlyList<JsonElement> Decisions) Snapshot()
    {
        lock (_gate) return (_latest, _history.ToList(), _decisions.ToList());
    }

    private JsonElement Stamp(JsonElement post)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            foreach (var p in post.EnumerateObject())
                if (p.Name != "receivedAt") p.WriteTo(w);
            w.WriteString("receivedAt", time.GetUtcNow());
            w.WriteEndObject();
        }
        return JsonDocument.Parse(stream.ToArray()).RootElement.Clone();
    }
}
