namespace Pipeline.Data.Validation;

/// <summary>
/// Matcher for anchored fixed-length ASCII patterns such as <c>^t[0-9]{9}$</c>, run on UTF-8 bytes without decoding.
/// Id columns usually have such patterns and are matched on every row; anything richer falls back to <see cref="System.Text.RegularExpressions.Regex"/>.
/// </summary>
internal sealed class FixedPattern
{
    private readonly bool[][] _positions;

    private FixedPattern(bool[][] positions) => _positions = positions;

    public bool IsMatch(ReadOnlySpan<byte> value)
    {
        if (value.Length != _positions.Length) return false;
        for (var i = 0; i < value.Length; i++)
        {
            var b = value[i];
            if (b >= 128 || !_positions[i][b]) return false;
        }
        return true;
    }

    /// <summary>Compiles <paramref name="pattern"/> when it is ^ (literal | [ranges] | \d){n}... $; null otherwise.</summary>
    public static FixedPattern? TryCompile(string pattern)
    {
        if (pattern.Length < 2 || pattern[0] != '^' || pattern[^1] != '$' || pattern.EndsWith("\\$", StringComparison.Ordinal)) return null;
        var positions = new List<bool[]>();
        var i = 1;
        var end = pattern.Length - 1;
        while (i < end)
        {
            var set = new bool[128];
            var c = pattern[i];
            if (c == '[')
            {
                var close = pattern.IndexOf(']', i + 1);
                if (close < 0 || close == i + 1 || pattern[i + 1] == '^') return null;
                for (var k = i + 1; k < close; k++)
                {
                    var lo = pattern[k];
                    if (lo is '\\' or '[' || lo >= 128) return null;
                    if (k + 2 < close && pattern[k + 1] == '-')
                    {
                        var hi = pattern[k + 2];
                        if (hi < lo || hi >= 128) return null;
                        for (var ch = lo; ch <= hi; ch++) set[ch] = true;
                        k += 2;
                    }
                    else set[lo] = true;
                }
                i = close + 1;
            }
            else if (c == '\\' && i + 1 < end && pattern[i + 1] == 'd')
            {
                for (var ch = '0'; ch <= '9'; ch++) set[ch] = true;
                i += 2;
            }
            else if (char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or ':' or '/' or '@' or '#' or ' ' or ',')
            {
                set[c] = true;
                i++;
            }
            else return null;

            var count = 1;
            if (i < end && pattern[i] == '{')
            {
                var close = pattern.IndexOf('}', i);
                if (close < 0 || !int.TryParse(pattern.AsSpan(i + 1, close - i - 1), out count) || count is < 1 or > 1024) return null;
                i = close + 1;
            }
            else if (i < end && pattern[i] is '*' or '+' or '?') return null;
            for (var r = 0; r < count; r++) positions.Add(set);
        }
        return positions.Count == 0 ? null : new FixedPattern(positions.ToArray());
    }
}
