using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipeline.Build;

/// <summary>Generates <c>.nuke/build.schema.json</c>: the shape of <c>.nuke/parameters.json</c> and the target names.</summary>
internal static class SchemaWriter
{
    public static string Generate(TargetGraph graph, IReadOnlyList<ParameterDescriptor> parameters)
    {
        var properties = new JsonObject();
        foreach (var p in parameters.Where(p => !p.IsSecret))
        {
            var schema = TypeSchema(p.ValueType);
            if (p.Description is not null) schema["description"] = p.Description;
            properties[p.MemberName] = schema;
        }
        var root = new JsonObject
        {
            ["$schema"] = "http://json-schema.org/draft-07/schema#",
            ["title"] = "Pipeline build parameters (.nuke/parameters.json)",
            ["type"] = "object",
            ["properties"] = properties,
            ["definitions"] = new JsonObject
            {
                ["ExecutableTarget"] = new JsonObject
                {
                    ["type"] = "string",
                    ["enum"] = new JsonArray(graph.Targets.Select(t => (JsonNode)JsonValue.Create(t.Name)!).ToArray()),
                },
            },
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }).Replace("\r\n", "\n") + "\n";
    }

    private static JsonObject TypeSchema(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t.IsArray) return new JsonObject { ["type"] = "array", ["items"] = TypeSchema(t.GetElementType()!) };
        if (t.IsEnum)
            return new JsonObject { ["type"] = "string", ["enum"] = new JsonArray(Enum.GetNames(t).Select(n => (JsonNode)JsonValue.Create(n)!).ToArray()) };
        return new JsonObject
        {
            ["type"] = t == typeof(bool) ? "boolean" : t == typeof(int) || t == typeof(long) ? "integer" : t == typeof(double) ? "number" : "string",
        };
    }
}
