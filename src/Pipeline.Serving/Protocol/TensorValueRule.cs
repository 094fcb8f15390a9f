using System.Text.Json;

namespace Pipeline.Serving.Protocol;

/// <summary>What a value of an OIP v2 tensor must be for its declared datatype: integers in INT/UINT tensors, 0/1 or true/false in BOOL ones.</summary>
internal static class TensorValueRule
{
    /// <summary>Null when <paramref name="value"/> fits <paramref name="datatype"/> (null, a missing value, always fits); else the problem and its fix.</summary>
    public static string? Check(string datatype, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Null) return null;
        var isInteger = datatype.StartsWith("INT", StringComparison.Ordinal) || datatype.StartsWith("UINT", StringComparison.Ordinal);
        if (datatype == "BOOL")
        {
            if (value.ValueKind is JsonValueKind.True or JsonValueKind.False) return null;
            if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var b) && b is 0 or 1) return null;
            return $"{JsonValues.Describe(value)} is not a boolean, which a BOOL tensor holds; send true/false (or 1/0), or declare the tensor FP32";
        }
        if (!isInteger || value.ValueKind != JsonValueKind.Number) return null;
        if (!value.TryGetDouble(out var d) || Math.Floor(d) != d)
            return $"{JsonValues.Describe(value)} is not an integer, which a {datatype} tensor holds; send whole numbers or declare the tensor FP32";
        if (datatype.StartsWith('U') && d < 0)
            return $"{JsonValues.Describe(value)} is negative, which a {datatype} tensor cannot hold; send non-negative integers or declare the tensor INT64 or FP32";
        return null;
    }
}
