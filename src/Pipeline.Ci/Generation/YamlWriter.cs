using System.Text;
using System.Text.RegularExpressions;

namespace Pipeline.Ci.Generation;

/// <summary>Writes a <see cref="YamlNode"/> tree as block-style YAML with two-space indentation and LF line endings.</summary>
internal static partial class YamlWriter
{
    public static string Write(YamlMap root, string? headerComment = null)
    {
        var sb = new StringBuilder();
        if (headerComment is not null)
            foreach (var line in headerComment.Split('\n')) sb.Append("# ").Append(line).Append('\n');
        WriteMap(sb, root, 0);
        return sb.ToString();
    }

    private static void WriteMap(StringBuilder sb, YamlMap map, int indent, bool firstInline = false)
    {
        var first = true;
        foreach (var (key, value) in map)
        {
            if (!(first && firstInline)) sb.Append(' ', indent);
            first = false;
            sb.Append(Key(key)).Append(':');
            WriteValue(sb, value, indent);
        }
    }

    private static void WriteValue(StringBuilder sb, YamlNode value, int indent)
    {
        switch (value)
        {
            case YamlScalar s when s.Value.Contains('\n'):
                sb.Append(" |").Append('\n');
                foreach (var line in s.Value.TrimEnd('\n').Split('\n'))
                {
                    if (line.Length > 0) sb.Append(' ', indent + 2).Append(line);
                    sb.Append('\n');
                }
                break;
            case YamlScalar s:
                sb.Append(' ').Append(s.Raw ? s.Value : Scalar(s.Value)).Append('\n');
                break;
            case YamlMap { Count: 0 }:
                sb.Append(" {}\n");
                break;
            case YamlMap m:
                sb.Append('\n');
                WriteMap(sb, m, indent + 2);
                break;
            case YamlSeq q when !q.Any():
                sb.Append(" []\n");
                break;
            case YamlSeq q:
                sb.Append('\n');
                WriteSeq(sb, q, indent + 2);
                break;
        }
    }

    private static void WriteSeq(StringBuilder sb, YamlSeq seq, int indent)
    {
        foreach (var item in seq)
        {
            sb.Append(' ', indent).Append('-');
            switch (item)
            {
                case YamlMap { Count: > 0 } m:
                    sb.Append(' ');
                    WriteMap(sb, m, indent + 2, firstInline: true);
                    break;
                case YamlScalar { Raw: false } s when !s.Value.Contains('\n'):
                    sb.Append(' ').Append(Scalar(s.Value)).Append('\n');
                    break;
                default:
                    WriteValue(sb, item, indent);
                    break;
            }
        }
    }

    private static string Key(string key) => PlainKey().IsMatch(key) ? key : Quote(key);

    /// <summary>Plain when YAML reads it back as the same string; otherwise single-quoted.</summary>
    internal static string Scalar(string value)
    {
        if (value.Length == 0 || char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]) || "-?:,[]{}#&*!|>'\"%@`".Contains(value[0]) ||
            value.EndsWith(':') || value.Contains(": ", StringComparison.Ordinal) || value.Contains(" #", StringComparison.Ordinal) ||
            value.Contains('\t') || Reserved().IsMatch(value) || NumberLike().IsMatch(value))
            return Quote(value);
        return value;
    }

    private static string Quote(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_.-]*$")]
    private static partial Regex PlainKey();

    [GeneratedRegex(@"^(?i:true|false|yes|no|y|n|on|off|null|~)$")]
    private static partial Regex Reserved();

    [GeneratedRegex(@"^[-+]?(\.?[0-9]|0[xo])[0-9a-fA-F_.:eE+-]*$|^[-+]?\.(inf|Inf|INF|nan|NaN|NAN)$")]
    private static partial Regex NumberLike();
}
