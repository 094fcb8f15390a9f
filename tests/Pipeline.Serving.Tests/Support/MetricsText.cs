using System.Globalization;

namespace Pipeline.Serving.Tests.Support;

/// <summary>Reads sample values out of Prometheus text exposition.</summary>
public static class MetricsText
{
    /// <summary>Value of the first sample whose name is <paramref name="name"/> and whose labels contain every fragment.</summary>
    public static double? Value(string text, string name, params string[] labelFragments)
    {
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith('#') || !line.StartsWith(name + "{", StringComparison.Ordinal)) continue;
            var close = line.LastIndexOf('}');
            var labels = line[(name.Length + 1)..close];
            if (labelFragments.All(f => labels.Contains(f, StringComparison.Ordinal)))
                return double.Parse(line[(close + 2)..], CultureInfo.InvariantCulture);
        }
        return null;
    }
}
