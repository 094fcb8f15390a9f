using System.Globalization;
using System.Text.Json;

namespace Pipeline.Protocol.V1;

/// <summary>Conversions of a V1 row's JSON values to feature values (the fast reader applies the same rules token by token).</summary>
public static class InstanceValues
{
    /// <summary>Numeric feature: a number, a boolean (1/0) or null (missing → NaN).</summary>
    public static bool TryNumeric(JsonElement e, out float value)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Number when e.TryGetDouble(out var d) && Math.Abs(d) <= float.MaxValue:
                value = (float)d; return true;
            case JsonValueKind.True: value = 1; return true;
            case JsonValueKind.False: value = 0; return true;
            case JsonValueKind.Null: value = float.NaN; return true;
            default: value = float.NaN; return false;
        }
    }

    /// <summary>Categorical feature: a string, a boolean ("true"/"false"), an integer (its text) or null (missing).</summary>
    public static bool TryCategorical(JsonElement e, out string? value)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.String: value = e.GetString(); return true;
            case JsonValueKind.True: value = "true"; return true;
            case JsonValueKind.False: value = "false"; return true;
            case JsonValueKind.Number when e.TryGetInt64(out var n): value = n.ToString(CultureInfo.InvariantCulture); return true;
            case JsonValueKind.Null: value = null; return true;
            default: value = null; return false;
        }
    }
}
