using System.Text.Json;

namespace Pipeline.Serving.Protocol;

/// <summary>Conversions of JSON values to feature values, with the wording used in field errors.</summary>
internal static class JsonValues
{
    public const int MaxErrors = 50;

    public static string Describe(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => $"string \"{Shorten(e.GetString() ?? "")}\"",
        JsonValueKind.Number => $"number {Shorten(e.GetRawText())}",
        JsonValueKind.True or JsonValueKind.False => $"boolean {e.GetRawText()}",
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => e.ValueKind.ToString(),
    };

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
