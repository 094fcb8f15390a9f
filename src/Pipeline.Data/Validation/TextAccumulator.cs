using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;
using Pipeline.Data.Contracts;
using Pipeline.Data.Profiling;

namespace Pipeline.Data.Validation;

/// <summary>String column: byte lengths, allowed values and a regex (compiled, with a match timeout so hostile data cannot stall it).</summary>
internal sealed class TextAccumulator : ColumnAccumulator
{
    private readonly Regex? _regex;
    private readonly FixedPattern? _fixed;
    private readonly HashSet<string>? _allowed;
    private int _minLength = int.MaxValue;
    private int _maxLength;

    public TextAccumulator(ColumnContract column, ViolationLog log) : base(column, log)
    {
        if (column.Regex is not null)
        {
            _fixed = FixedPattern.TryCompile(column.Regex);
            if (_fixed is null) _regex = RegexCache.Get(column.Regex);
        }
        if (column.Allowed is not null) _allowed = new HashSet<string>(column.Allowed, StringComparer.Ordinal);
    }

    public override bool Add(ReadOnlySpan<byte> value, long row)
    {
        Count++;
        if (value.Length < _minLength) _minLength = value.Length;
        if (value.Length > _maxLength) _maxLength = value.Length;
        if (_fixed is not null && !_fixed.IsMatch(value))
        {
            Log.Add(Column.Name, Rules.Regex, row, value);
            return false;
        }
        if (_regex is null && _allowed is null) return true;

        char[]? rented = null;
        var chars = value.Length <= 512 ? stackalloc char[512] : (rented = ArrayPool<char>.Shared.Rent(value.Length));
        try
        {
            var n = Encoding.UTF8.GetChars(value, chars);
            var text = chars[..n];
            if (_allowed is not null && !_allowed.GetAlternateLookup<ReadOnlySpan<char>>().Contains(text))
            {
                Log.Add(Column.Name, Rules.Allowed, row, value);
                return false;
            }
            if (_regex is not null && !RegexCache.Matches(_regex, text))
            {
                Log.Add(Column.Name, Rules.Regex, row, value);
                return false;
            }
            return true;
        }
        finally
        {
            if (rented is not null) ArrayPool<char>.Shared.Return(rented);
        }
    }

    protected override void MergeState(ColumnAccumulator other)
    {
        var o = (TextAccumulator)other;
        _minLength = Math.Min(_minLength, o._minLength);
        _maxLength = Math.Max(_maxLength, o._maxLength);
    }

    protected override ColumnProfile Profile(ColumnProfile basic) =>
        Count == 0 ? basic : basic with { MinLength = _minLength, MaxLength = _maxLength };
}

/// <summary>One compiled regex per pattern, shared by all workers (Regex matching is thread-safe).</summary>
internal static class RegexCache
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Regex> Cache = new(StringComparer.Ordinal);

    /// <summary>True when the value matches; a value that takes longer than the timeout counts as not matching.</summary>
    public static bool Matches(Regex regex, ReadOnlySpan<char> text)
    {
        try { return regex.IsMatch(text); }
        catch (RegexMatchTimeoutException) { return false; }
    }

    public static Regex Get(string pattern) =>
        Cache.GetOrAdd(pattern, p => new Regex(p, RegexOptions.Compiled | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)));
}
