using System.Globalization;
using System.Text.Json;

namespace Pipeline.Gateway.Admin;

/// <summary>
/// Reads the JSON body of an admin change strictly: not JSON, not an object, an unknown (misspelt) field, a missing required one
/// or a value out of its range each becomes an error naming the field, the rule, the value seen and the fix — never a silent default.
/// </summary>
internal sealed class AdminBody
{
    private readonly JsonElement _root;

    private AdminBody(JsonElement root, List<string> errors)
    {
        _root = root;
        Errors = errors;
    }

    public List<string> Errors { get; }

    /// <param name="fields">The fields the endpoint takes (matched without regard to case, as the JSON binding does).</param>
    /// <param name="example">A valid body, quoted in the fixes.</param>
    public static async Task<AdminBody> ReadAsync(HttpRequest request, IReadOnlyCollection<string> fields, string example, bool bodyRequired, CancellationToken ct)
    {
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(ct);
        if (string.IsNullOrWhiteSpace(text))
            return new AdminBody(default, bodyRequired ? [$"body: empty; send a JSON object such as {example}."] : []);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            return new AdminBody(default, [$"body: not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}); send a JSON object such as {example}."]);
        }
        using (doc)
        {
            var root = doc.RootElement.Clone();
            if (root.ValueKind != JsonValueKind.Object)
                return new AdminBody(default, [$"body: a JSON {root.ValueKind.ToString().ToLowerInvariant()}, but a JSON object is expected; send e.g. {example}."]);
            var errors = root.EnumerateObject()
                .Where(p => !fields.Contains(p.Name, StringComparer.OrdinalIgnoreCase))
                .Select(p => $"{p.Name}: not a field of this request (misspelt?); the fields are {string.Join(", ", fields)}: send e.g. {example}.")
                .ToList();
            return new AdminBody(root, errors);
        }
    }

    /// <summary>A finite number in [<paramref name="min"/>, <paramref name="max"/>]; null when absent (an error too when <paramref name="required"/>).</summary>
    public double? Number(string field, double min, double max, string unit, bool required)
    {
        if (!TryGet(field, out var value))
        {
            if (required) Errors.Add($"{field}: missing; it is required: give {unit} from {Format(min)} to {Format(max)}.");
            return null;
        }
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var d) || !double.IsFinite(d))
        {
            Errors.Add($"{field}: {value.GetRawText()} is not a number; give {unit} from {Format(min)} to {Format(max)} as a JSON number.");
            return null;
        }
        if (d < min || d > max)
        {
            Errors.Add($"{field}: {value.GetRawText()} is outside {Format(min)}–{Format(max)}; give {unit} in that range.");
            return null;
        }
        return d;
    }

    /// <summary>An optional string.</summary>
    public string? Text(string field)
    {
        if (!TryGet(field, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind == JsonValueKind.String) return value.GetString();
        Errors.Add($"{field}: {value.GetRawText()} is not a string; give a short text in quotes, or leave it out.");
        return null;
    }

    private bool TryGet(string field, out JsonElement value)
    {
        value = default;
        if (_root.ValueKind != JsonValueKind.Object) return false;
        foreach (var p in _root.EnumerateObject())
        {
            if (!string.Equals(p.Name, field, StringComparison.OrdinalIgnoreCase)) continue;
            value = p.Value;
            return true;
        }
        return false;
    }

    private static string Format(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
}
