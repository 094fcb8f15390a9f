using System.Text.RegularExpressions;

namespace Pipeline.Build;

/// <summary>Finds the secret parts of a connection string or URL (<c>Password=…</c>, <c>Pwd=…</c>, <c>user:secret@host</c>) so they are masked everywhere.</summary>
public static partial class ConnectionStringSecrets
{
    public static void AddTo(SecretMasker masker, string? value)
    {
        if (string.IsNullOrEmpty(value)) return;
        foreach (Match m in KeyValue().Matches(value)) masker.Add(m.Groups["secret"].Value.Trim().Trim('"', '\''));
        foreach (Match m in UserInfo().Matches(value)) masker.Add(m.Groups["secret"].Value);
    }

    [GeneratedRegex(@"(?i)(?:^|;)\s*(?:password|pwd|passwd|token|api[ _-]?key|secret)\s*=\s*(?<secret>""[^""]*""|'[^']*'|[^;]*)")]
    private static partial Regex KeyValue();

    [GeneratedRegex(@"://[^/:@\s]+:(?<secret>[^@/\s]+)@")]
    private static partial Regex UserInfo();
}
