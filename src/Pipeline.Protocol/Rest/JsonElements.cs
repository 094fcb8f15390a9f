using System.Text.Json;

namespace Pipeline.Protocol.Rest;

/// <summary>How JSON values are named in problems.</summary>
public static class JsonElements
{
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
