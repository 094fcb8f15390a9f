using Pipeline.Data.Contracts;
using Pipeline.Data.Profiling;
using Pipeline.Data.Reading;

namespace Pipeline.Data.Validation;

/// <summary>Timestamp column: format check and the time range (for freshness).</summary>
internal sealed class TimestampAccumulator(ColumnContract column, ViolationLog log) : ColumnAccumulator(column, log)
{
    public double Earliest { get; private set; } = double.PositiveInfinity;

    public double Latest { get; private set; } = double.NegativeInfinity;

    public override bool Add(ReadOnlySpan<byte> value, long row)
    {
        if (!Utf8Values.TryParseTimestamp(value, Column.Format, out var seconds)) return TypeError(value, row);
        Count++;
        if (seconds < Earliest) Earliest = seconds;
        if (seconds > Latest) Latest = seconds;
        return true;
    }

    protected override void MergeState(ColumnAccumulator other)
    {
        var o = (TimestampAccumulator)other;
        Earliest = Math.Min(Earliest, o.Earliest);
        Latest = Math.Max(Latest, o.Latest);
    }

    protected override ColumnProfile Profile(ColumnProfile basic) => Count == 0 ? basic : basic with
    {
        Min = Earliest,
        Max = Latest,
        First = Iso(Earliest),
        Last = Iso(Latest),
    };

    internal static string Iso(double unixSeconds) =>
        DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(unixSeconds * 1000)).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
