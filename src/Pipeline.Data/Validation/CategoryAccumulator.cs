using System.Buffers.Text;
using System.Text;
using Pipeline.Data.Contracts;
using Pipeline.Data.Profiling;
using Pipeline.Data.Reading;

namespace Pipeline.Data.Validation;

/// <summary>Category, bool and discrete int (label) columns: counts per value, allowed values and regex.</summary>
internal sealed class CategoryAccumulator : ColumnAccumulator
{
    public const int MaxDistinct = 10_000;
    public const int MaxListed = 200;
    private readonly CategoryCounter _counts = new(MaxDistinct);
    private readonly long[] _small = new long[256];
    private long _trues;
    private long _falses;
    private readonly HashSet<long>? _allowedInts;
    private readonly bool _checkAllowed;
    private readonly System.Text.RegularExpressions.Regex? _regex;
    private readonly double _min;
    private readonly double _max;

    public CategoryAccumulator(ColumnContract column, ViolationLog log) : base(column, log)
    {
        _checkAllowed = column.Allowed is not null;
        if (column.Type == ColumnType.Int && column.Allowed is not null)
            _allowedInts = column.Allowed.Select(a => long.Parse(a, System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();
        else if (column.Allowed is not null)
            foreach (var a in column.Allowed) _counts.Allow(a);
        if (column.Regex is not null) _regex = RegexCache.Get(column.Regex);
        _min = column.Min ?? double.NegativeInfinity;
        _max = column.Max ?? double.PositiveInfinity;
    }

    public override bool Add(ReadOnlySpan<byte> value, long row)
    {
        switch (Column.Type)
        {
            case ColumnType.Bool:
                if (!Utf8Values.TryParseBool(value, out var b)) return TypeError(value, row);
                Count++;
                if (b) _trues++; else _falses++;
                return true;
            case ColumnType.Int:
                if (!Utf8Values.TryParseLong(value, out var l)) return TypeError(value, row);
                Count++;
                if ((ulong)l < (ulong)_small.Length) _small[l]++;
                else
                {
                    Span<byte> canonical = stackalloc byte[24];
                    Utf8Formatter.TryFormat(l, canonical, out var n);
                    _counts.Increment(canonical[..n]);
                }
                if (_allowedInts is not null && !_allowedInts.Contains(l)) { Log.Add(Column.Name, Rules.Allowed, row, value); return false; }
                if (l < _min) { Log.Add(Column.Name, Rules.Min, row, value); return false; }
                if (l > _max) { Log.Add(Column.Name, Rules.Max, row, value); return false; }
                return true;
            default:
                Count++;
                var entry = _counts.Increment(value);
                if (_checkAllowed && entry is not { Allowed: true }) { Log.Add(Column.Name, Rules.Allowed, row, value); return false; }
                if (_regex is not null)
                {
                    // Each distinct value is matched once; the verdict is remembered on its counter entry.
                    var ok = entry is { RegexResult: not 0 } ? entry.RegexResult > 0 : MatchesRegex(value);
                    if (entry is not null) entry.RegexResult = (sbyte)(ok ? 1 : -1);
                    if (!ok) { Log.Add(Column.Name, Rules.Regex, row, value); return false; }
                }
                return true;
        }
    }

    private bool MatchesRegex(ReadOnlySpan<byte> value)
    {
        if (value.Length > 4096) return RegexCache.Matches(_regex!, Encoding.UTF8.GetString(value));
        Span<char> chars = stackalloc char[4096];
        return RegexCache.Matches(_regex!, chars[..Encoding.UTF8.GetChars(value, chars)]);
    }

    protected override void MergeState(ColumnAccumulator other)
    {
        var o = (CategoryAccumulator)other;
        _counts.Merge(o._counts);
        _trues += o._trues;
        _falses += o._falses;
        for (var i = 0; i < _small.Length; i++) _small[i] += o._small[i];
    }

    protected override ColumnProfile Profile(ColumnProfile basic)
    {
        // Fold the fast-path counters (bools, small ints) into the general table before listing.
        if (_trues > 0) _counts.Increment("true"u8, _trues);
        if (_falses > 0) _counts.Increment("false"u8, _falses);
        for (var i = 0; i < _small.Length; i++)
            if (_small[i] > 0) _counts.Increment(Encoding.UTF8.GetBytes(i.ToString(System.Globalization.CultureInfo.InvariantCulture)), _small[i]);
        _trues = _falses = 0;
        Array.Clear(_small);
        var all = _counts.Entries.Where(e => e.Count > 0)
            .OrderByDescending(e => e.Count).ThenBy(e => Encoding.UTF8.GetString(e.Key), StringComparer.Ordinal)
            .Select(e => new CategoryCount(Encoding.UTF8.GetString(e.Key), e.Count)).ToArray();
        var listed = all.Take(MaxListed).ToArray();
        return basic with { Categories = listed, OtherCount = _counts.Overflow + all.Skip(MaxListed).Sum(c => c.Count), Distinct = all.Length };
    }
}
