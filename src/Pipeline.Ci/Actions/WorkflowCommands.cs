using System.Text;

namespace Pipeline.Ci.Actions;

/// <summary>GitHub Actions workflow commands (<c>::error file=…,line=…::message</c>) with the runner's escaping.</summary>
public static class WorkflowCommands
{
    public static string Annotation(string level, string message, string? file = null, int? line = null, string? title = null)
    {
        var properties = new List<string>();
        if (file is not null) properties.Add("file=" + EscapeProperty(file));
        if (line is not null) properties.Add("line=" + line.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (title is not null) properties.Add("title=" + EscapeProperty(title));
        var sb = new StringBuilder("::").Append(level);
        if (properties.Count > 0) sb.Append(' ').Append(string.Join(',', properties));
        return sb.Append("::").Append(EscapeData(message)).ToString();
    }

    /// <summary>A line for <c>$GITHUB_OUTPUT</c>; values are single-line.</summary>
    public static string Output(string name, string value) => $"{name}={OneLine(value)}";

    internal static string EscapeData(string value) =>
        value.Replace("%", "%25", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);

    internal static string EscapeProperty(string value) =>
        EscapeData(value).Replace(":", "%3A", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal);

    internal static string OneLine(string value) => string.Join(' ', value.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries));
}
