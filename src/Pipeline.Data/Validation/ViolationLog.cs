using System.Text;

namespace Pipeline.Data.Validation;

/// <summary>Per-worker tally of rule violations keeping the first few offending rows of each; merged in row order.</summary>
internal sealed class ViolationLog(int keep)
{
    private readonly Dictionary<(string Column, string Rule), Tally> _tallies = new();

    private sealed class Tally
    {
        public long Count;
        public List<Offender> First { get; } = [];
    }

    public int Keep => keep;

    public void Add(string column, string rule, long row, ReadOnlySpan<byte> value) =>
        Add(column, rule, row, value, static v => Describe(v));

    public void Add(string column, string rule, long row, string value) => Record(column, rule, row, value);

    private void Add(string column, string rule, long row, ReadOnlySpan<byte> value, Func<byte[], string> describe)
    {
        var t = Get(column, rule);
        t.Count++;
        if (t.First.Count < keep) t.First.Add(new Offender(row, column, describe(value.Length > 200 ? value[..200].ToArray() : value.ToArray())));
    }

    private void Record(string column, string rule, long row, string value)
    {
        var t = Get(column, rule);
        t.Count++;
        if (t.First.Count < keep) t.First.Add(new Offender(row, column, value));
    }

    private Tally Get(string column, string rule)
    {
        if (!_tallies.TryGetValue((column, rule), out var t)) _tallies[(column, rule)] = t = new Tally();
        return t;
    }

    public long Count(string column, string rule) => _tallies.TryGetValue((column, rule), out var t) ? t.Count : 0;

    public void Merge(ViolationLog other)
    {
        foreach (var (key, o) in other._tallies)
        {
            var t = Get(key.Column, key.Rule);
            t.Count += o.Count;
            t.First.AddRange(o.First);
            t.First.Sort((a, b) => a.Row.CompareTo(b.Row));
            if (t.First.Count > keep) t.First.RemoveRange(keep, t.First.Count - keep);
        }
    }

    public IReadOnlyList<RuleViolations> All() =>
        _tallies.OrderBy(kv => kv.Key.Column, StringComparer.Ordinal).ThenBy(kv => kv.Key.Rule, StringComparer.Ordinal)
            .Select(kv => new RuleViolations(kv.Key.Column, kv.Key.Rule, kv.Value.Count, kv.Value.First.ToArray())).ToArray();

    public RuleViolations? Get(string column, string rule, bool _ = false) =>
        _tallies.TryGetValue((column, rule), out var t) ? new RuleViolations(column, rule, t.Count, t.First.ToArray()) : null;

    /// <summary>Shows a value as text: valid UTF-8 as is (quoted), anything else as hex bytes.</summary>
    internal static string Describe(byte[] value)
    {
        try
        {
            var text = new UTF8Encoding(false, true).GetString(value);
            return $"\"{text.Replace("\n", "\\n").Replace("\r", "\\r")}\"";
        }
        catch (DecoderFallbackException)
        {
            return "bytes " + Convert.ToHexString(value.AsSpan(0, Math.Min(value.Length, 32)));
        }
    }
}
