using System.Text.Json;

namespace Pipeline.Gateway.Routing;

/// <summary>Finds the sticky key of a request: the configured header, else a JSON field of the body (V1 instance field or OIP v2 input).</summary>
public static class RequestKey
{
    public static string? Extract(RoutingTable table, Func<string, string?> header, ReadOnlyMemory<byte> body)
    {
        if (!string.IsNullOrEmpty(table.StickyHeader) && header(table.StickyHeader) is { Length: > 0 } fromHeader)
            return fromHeader;
        if (string.IsNullOrEmpty(table.StickyField) || body.IsEmpty) return null;
        try
        {
            using var doc = JsonDocument.Parse(body);
            return Find(doc.RootElement, table.StickyField, depth: 0);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Find(JsonElement e, string field, int depth)
    {
        if (depth > 6) return null;
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                // OIP v2: {"name": "customer_id", "data": ["c1"]}
                if (e.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String && name.ValueEquals(field)
                    && e.TryGetProperty("data", out var data))
                    return FirstScalar(data);
                foreach (var p in e.EnumerateObject())
                {
                    if (p.NameEquals(field) && FirstScalar(p.Value) is { } v) return v;
                }
                foreach (var p in e.EnumerateObject())
                {
                    if (p.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array && Find(p.Value, field, depth + 1) is { } v) return v;
                }
                return null;
            case JsonValueKind.Array:
                foreach (var item in e.EnumerateArray())
                {
                    if (Find(item, field, depth + 1) is { } v) return v;
                }
                return null;
            default:
                return null;
        }
    }

    private static string? FirstScalar(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number => e.GetRawText(),
        JsonValueKind.Array => e.EnumerateArray().Select(FirstScalar).FirstOrDefault(v => v is not null),
        _ => null,
    };
}
