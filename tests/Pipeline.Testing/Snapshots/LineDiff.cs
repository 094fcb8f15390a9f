using System.Text;

namespace Pipeline.Testing;

/// <summary>A readable line diff (longest common subsequence) with two lines of context around each change.</summary>
public static class LineDiff
{
    public static string Render(string expected, string actual, int context = 2)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
            for (var j = b.Length - 1; j >= 0; j--)
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);

        var ops = new List<(char Op, int Line, string Text)>();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y]) { ops.Add((' ', x + 1, a[x])); x++; y++; }
            else if (x < a.Length && (y == b.Length || lcs[x + 1, y] >= lcs[x, y + 1])) { ops.Add(('-', x + 1, a[x])); x++; }
            else { ops.Add(('+', y + 1, b[y])); y++; }
        }

        var sb = new StringBuilder();
        var shown = -1;
        for (var k = 0; k < ops.Count; k++)
        {
            if (ops[k].Op == ' ') continue;
            var from = Math.Max(shown + 1, k - context);
            if (shown >= 0 && from > shown + 1) sb.AppendLine("  ...");
            for (var c = from; c < k; c++) sb.AppendLine($"  {ops[c].Text}");
            var end = k;
            while (end < ops.Count && ops[end].Op != ' ') end++;
            for (var c = k; c < end; c++) sb.AppendLine($"{ops[c].Op} {ops[c].Text}   (line {ops[c].Line} of {(ops[c].Op == '-' ? "verified" : "received")})");
            var after = Math.Min(ops.Count, end + context);
            for (var c = end; c < after && ops[c].Op == ' '; c++) sb.AppendLine($"  {ops[c].Text}");
            shown = after - 1;
            k = after - 1;
        }
        return sb.ToString();
    }
}
