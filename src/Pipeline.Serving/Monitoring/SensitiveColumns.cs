using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Pipeline.Core.Features;

namespace Pipeline.Serving.Monitoring;

/// <summary>Applies the contract's <c>sensitive</c> marks to a logged row: <c>drop</c> leaves the column out, <c>hash</c> keeps a SHA-256.</summary>
public static class SensitiveColumns
{
    public static Dictionary<string, object?> Treat(FeatureBatch batch, int row, IReadOnlyDictionary<string, string> sensitive)
    {
        var features = new Dictionary<string, object?>(batch.Numeric.Count + batch.Categorical.Count, StringComparer.Ordinal);
        foreach (var (name, values) in batch.Numeric)
        {
            var v = values[row];
            object? plain = float.IsFinite(v) ? Math.Round((double)v, 6) : null;
            Put(features, name, plain, sensitive);
        }
        foreach (var (name, values) in batch.Categorical) Put(features, name, values[row], sensitive);
        return features;
    }

    private static void Put(Dictionary<string, object?> features, string name, object? value, IReadOnlyDictionary<string, string> sensitive)
    {
        switch (sensitive.GetValueOrDefault(name))
        {
            case "drop": return;
            case "hash": features[name] = value is null ? null : Hash(Convert.ToString(value, CultureInfo.InvariantCulture)!); return;
            default: features[name] = value; return;
        }
    }

    /// <summary><c>sha256:</c> and the first 16 bytes of the value's SHA-256, hex: joins equal values without keeping them.</summary>
    public static string Hash(string value) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)).AsSpan(0, 16));
}
