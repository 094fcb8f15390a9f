using System.Text;

namespace Pipeline.Build;

/// <summary>Name forms of parameters and targets: kebab-case on the command line, case-insensitive matching.</summary>
internal static class ParameterNames
{
    public static string ToKebabCase(string memberName)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < memberName.Length; i++)
        {
            var c = memberName[i];
            if (c == '_') { sb.Append('-'); continue; }
            if (char.IsUpper(c) && i > 0 && (char.IsLower(memberName[i - 1]) || char.IsDigit(memberName[i - 1]) ||
                                            (i + 1 < memberName.Length && char.IsLower(memberName[i + 1]) && char.IsUpper(memberName[i - 1]))))
                sb.Append('-');
            sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString().Trim('-');
    }

    /// <summary>Key used to match names regardless of case, dashes and underscores.</summary>
    public static string Normalize(string name) =>
        new(name.TrimStart('-').Where(c => c != '-' && c != '_').Select(char.ToLowerInvariant).ToArray());
}
