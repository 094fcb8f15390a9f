using System.Text.Json;

namespace Pipeline.Packaging.Validation;

/// <summary>Reads one output tensor's data from an Open Inference Protocol v2 response.</summary>
internal static class InferenceResponseReader
{
    public static IReadOnlyList<double>? ReadOutput(string json, string outputName)
    {
        using var doc = JsonDocument.Parse(json);
        if (!doc.RootElement.TryGetProperty("outputs", out var outputs) || outputs.ValueKind != JsonValueKind.Array)
            return null;
        foreach (var output in outputs.EnumerateArray())
        {
            if (output.TryGetProperty("name", out var name) && name.GetString() == outputName && output.TryGetProperty("data", out var data))
            {
                var values = new List<double>();
                Flatten(data, values);
                return values;
            }
        }
        return null;
    }

    private static void Flatten(JsonElement element, List<double> values)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
                Flatten(item, values);
        }
        else if (element.ValueKind == JsonValueKind.Number)
        {
            values.Add(element.GetDouble());
        }
        else if (element.ValueKind == JsonValueKind.True || element.ValueKind == JsonValueKind.False)
        {
            values.Add(element.GetBoolean() ? 1 : 0);
        }
    }
}
