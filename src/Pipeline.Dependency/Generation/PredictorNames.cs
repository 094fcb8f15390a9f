using System.Text;

namespace Pipeline.Dependency.Generation;

/// <summary>C# names for models and columns: Pascal case of the words ("amount_sum_24h" → AmountSum24h, "fraud-detector" → FraudDetector).</summary>
public static class PredictorNames
{
    /// <summary>Pascal case of the letter/digit runs of <paramref name="name"/>; prefixed with "_" when it would start with a digit.</summary>
    public static string Pascal(string name)
    {
        var sb = new StringBuilder(name.Length);
        var upper = true;
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                upper = true;
                continue;
            }
            sb.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }
        if (sb.Length == 0 || char.IsAsciiDigit(sb[0])) sb.Insert(0, '_');
        return sb.ToString();
    }

    /// <summary>Pascal names for the columns, made unique with a numeric suffix where two columns collapse to one name or hit a reserved member.</summary>
    public static IReadOnlyList<string> Properties(IEnumerable<string> columns, IReadOnlySet<string> reserved)
    {
        var used = new HashSet<string>(reserved, StringComparer.Ordinal);
        var names = new List<string>();
        foreach (var column in columns)
        {
            var name = Pascal(column);
            var candidate = name;
            for (var i = 2; !used.Add(candidate); i++) candidate = $"{name}{i}";
            names.Add(candidate);
        }
        return names;
    }
}
