using System.Globalization;
using System.Text.RegularExpressions;
using Pipeline.Core.Verdicts;

namespace Pipeline.Ci.Annotations;

/// <summary>Where a failed check points in the repository: a data file and line, for CI annotations.</summary>
public readonly partial record struct CheckLocation(string File, int? Line)
{
    /// <summary>
    /// A file named in the check (<c>path.csv:12</c>, <c>path.csv line 12</c>, <c>path.csv row 12</c>), else the verdict's subject
    /// when it is a data file, with the first <c>row N</c> of the detail. Rows are 1-based data rows: line = row + 1 in CSV (header), row in JSON Lines.
    /// </summary>
    public static CheckLocation? Find(Check check, Verdict verdict, string? rootDirectory = null)
    {
        var text = check.Metric + " " + check.Detail;
        var named = Named().Match(text);
        if (named.Success)
            return new CheckLocation(Relative(named.Groups["file"].Value, rootDirectory), LineOf(named.Groups["file"].Value, named));
        if (!DataFile().IsMatch(verdict.Subject)) return null;
        var row = Row().Match(check.Detail ?? "");
        int? line = row.Success ? ToLine(verdict.Subject, int.Parse(row.Groups["n"].Value, CultureInfo.InvariantCulture)) : null;
        return new CheckLocation(Relative(verdict.Subject, rootDirectory), line);
    }

    private static int? LineOf(string file, Match m)
    {
        if (m.Groups["line"].Success) return int.Parse(m.Groups["line"].Value, CultureInfo.InvariantCulture);
        if (m.Groups["row"].Success) return ToLine(file, int.Parse(m.Groups["row"].Value, CultureInfo.InvariantCulture));
        return null;
    }

    private static int ToLine(string file, int row) => file.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? row + 1 : row;

    private static string Relative(string file, string? root)
    {
        if (root is not null && Path.IsPathRooted(file))
        {
            var relative = Path.GetRelativePath(root, file);
            if (!relative.StartsWith("..", StringComparison.Ordinal)) file = relative;
        }
        return file.Replace('\\', '/');
    }

    [GeneratedRegex(@"(?<file>[\w./\\-]+\.(?:csv|tsv|jsonl|ndjson|json|ya?ml))(?::(?<line>\d+)|\s+line\s+(?<line>\d+)|\s+row\s+(?<row>\d+))?", RegexOptions.IgnoreCase)]
    private static partial Regex Named();

    [GeneratedRegex(@"\.(?:csv|tsv|jsonl|ndjson|json)$", RegexOptions.IgnoreCase)]
    private static partial Regex DataFile();

    [GeneratedRegex(@"\brow (?<n>\d+)\b")]
    private static partial Regex Row();
}
