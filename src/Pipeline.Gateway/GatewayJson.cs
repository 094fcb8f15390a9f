using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipeline.Gateway;

/// <summary>JSON settings shared by the admin API, its client and the state file.</summary>
public static class GatewayJson
{
    public static JsonSerializerOptions Options { get; } = Create(false);

    public static JsonSerializerOptions Indented { get; } = Create(true);

    private static JsonSerializerOptions Create(bool indented)
    {
        var o = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = indented,
            // Error messages are read by people: keep "–" and quotes readable instead of \uXXXX.
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
        o.MakeReadOnly(populateMissingResolver: true);
        return o;
    }
}
