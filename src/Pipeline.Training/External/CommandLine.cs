using System.Text;

namespace Pipeline.Training.External;

/// <summary>Splits a command line into arguments (whitespace-separated, double or single quotes group) and fills placeholders per argument, so paths with spaces need no shell quoting.</summary>
public static class CommandLine
{
    public static IReadOnlyList<string> Split(string command)
    {
        var args = new List<string>();
        var current = new StringBuilder();
        char? quote = null;
        var inArg = false;
        foreach (var ch in command)
        {
            if (quote is { } q)
            {
                if (ch == q) quote = null; else current.Append(ch);
                continue;
            }
            if (ch is '"' or '\'') { quote = ch; inArg = true; continue; }
            if (char.IsWhiteSpace(ch))
            {
                if (inArg) { args.Add(current.ToString()); current.Clear(); inArg = false; }
                continue;
            }
            current.Append(ch);
            inArg = true;
        }
        if (quote is not null) throw new ArgumentException($"source.command has an unclosed {quote} quote: {command}");
        if (inArg) args.Add(current.ToString());
        if (args.Count == 0) throw new ArgumentException("source.command is empty; give the trainer command with {train} {params} {output} placeholders");
        return args;
    }

    public static IReadOnlyList<string> Fill(IReadOnlyList<string> args, IReadOnlyDictionary<string, string> values) =>
        args.Select(a => values.Aggregate(a, (s, kv) => s.Replace("{" + kv.Key + "}", kv.Value, StringComparison.Ordinal))).ToArray();
}
