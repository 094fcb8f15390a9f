using System.Text.RegularExpressions;

namespace Pipeline.Testing;

/// <summary>Replaces run-specific values with stable numbered tokens: <c>Guid_1</c>, <c>Date_1</c>, <c>{TempPath}</c>, <c>{Duration}</c>.</summary>
public static partial class Scrubber
{
    public static string Apply(string text, SnapshotSettings settings)
    {
        if (settings.ScrubTempPaths) text = ScrubTempPaths(text);
        if (settings.ScrubGuids) text = Number(GuidPattern(), text, "Guid");
        if (settings.ScrubDates) text = Number(DatePattern(), text, "Date");
        if (settings.ScrubDurations)
        {
            text = TimeSpanPattern().Replace(text, "{Duration}");
            text = DurationPattern().Replace(text, "{Duration}");
        }
        foreach (var scrub in settings.Scrubbers) text = scrub(text);
        return text;
    }

    private static string ScrubTempPaths(string text)
    {
        var temp = Path.GetTempPath().TrimEnd('/', '\\');
        var candidates = new[] { temp, Path.GetFullPath(temp), "/tmp" }.Where(p => p.Length > 1).Distinct().OrderByDescending(p => p.Length);
        foreach (var candidate in candidates)
            text = text.Replace(candidate, "{TempPath}", StringComparison.Ordinal).Replace(candidate.Replace("\\", "\\\\"), "{TempPath}", StringComparison.Ordinal);
        return text;
    }

    private static string Number(Regex pattern, string text, string token)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        return pattern.Replace(text, m =>
        {
            if (!seen.TryGetValue(m.Value, out var n)) seen[m.Value] = n = seen.Count + 1;
            return $"{token}_{n}";
        });
    }

    [GeneratedRegex(@"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b")]
    private static partial Regex GuidPattern();

    // ISO-8601 with time (2026-11-22T11:23:04.123Z, with offset, or with a space) and compact run-id stamps (20261122T112304.123Z).
    [GeneratedRegex(@"\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})?|\b\d{8}T\d{6}(\.\d{3})?Z")]
    private static partial Regex DatePattern();

    [GeneratedRegex(@"\b\d{1,2}:\d{2}:\d{2}\.\d{1,7}\b")]
    private static partial Regex TimeSpanPattern();

    [GeneratedRegex(@"(?<![\w.])(<\s?)?\d+(\.\d+)?\s?(ms|s|min)\b")]
    private static partial Regex DurationPattern();
}
