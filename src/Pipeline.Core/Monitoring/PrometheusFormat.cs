using System.Globalization;
using System.Text;

namespace Pipeline.Core.Monitoring;

/// <summary>Formatting rules of the Prometheus text exposition format 0.0.4.</summary>
public static class PrometheusFormat
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static string Number(double v) =>
        double.IsPositiveInfinity(v) ? "+Inf" : double.IsNegativeInfinity(v) ? "-Inf" : double.IsNaN(v) ? "NaN"
        : v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A label value with backslash, double quote and newline escaped.</summary>
    public static string Escape(string labelValue)
    {
        if (labelValue.AsSpan().IndexOfAny("\\\"\n") < 0) return labelValue;
        var sb = new StringBuilder(labelValue.Length + 8);
        foreach (var c in labelValue)
            sb.Append(c switch { '\\' => "\\\\", '"' => "\\\"", '\n' => "\\n", _ => c.ToString() });
        return sb.ToString();
    }

    public static void Header(TextWriter w, string name, string type, string help)
    {
        w.Write($"# HELP {name} {help}\n");
        w.Write($"# TYPE {name} {type}\n");
    }
}
