using System.Globalization;
using Pipeline.Core.Models;

namespace Pipeline.Training.Split;

/// <summary>Deterministic train/holdout split declared in model.yaml: by hash of a key column, or the latest rows by a timestamp column.</summary>
public static class HoldoutSplit
{
    /// <summary>Splits rows given the values of the split column (key for <c>hash</c>, ISO-8601 timestamps for <c>time</c>).</summary>
    public static SplitResult Assign(SplitSection split, IReadOnlyList<string?> column)
    {
        ArgumentNullException.ThrowIfNull(split);
        ArgumentNullException.ThrowIfNull(column);
        if (split.HoldoutFraction is <= 0 or >= 1)
            throw new ArgumentException($"split.holdoutFraction {split.HoldoutFraction} is outside (0, 1); use e.g. 0.2", nameof(split));
        return split.Method switch
        {
            "hash" => ByHash(split, column),
            "time" => ByTime(split, column),
            _ => throw new ArgumentException($"split.method '{split.Method}' is not a split method; use hash or time", nameof(split)),
        };
    }

    private static SplitResult ByHash(SplitSection split, IReadOnlyList<string?> keys)
    {
        var train = new List<int>(keys.Count);
        var holdout = new List<int>((int)(keys.Count * split.HoldoutFraction) + 16);
        for (var i = 0; i < keys.Count; i++)
        {
            var key = keys[i] ?? throw new InvalidDataException(
                $"split column {split.Column} row {i + 1} is empty; a hash split needs a key in every row (fix the data or choose another split.column)");
            (StableHash.Unit(split.Salt, key) < split.HoldoutFraction ? holdout : train).Add(i);
        }
        return new SplitResult(train.ToArray(), holdout.ToArray())
        {
            Description = $"hash({split.Column}{(split.Salt.Length > 0 ? $", salt {split.Salt}" : "")}) < {split.HoldoutFraction.ToString(CultureInfo.InvariantCulture)}: {train.Count} train / {holdout.Count} holdout",
        };
    }

    private static SplitResult ByTime(SplitSection split, IReadOnlyList<string?> timestamps)
    {
        var times = new double[timestamps.Count];
        for (var i = 0; i < times.Length; i++)
        {
            var text = timestamps[i];
            if (text is null || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t))
                throw new InvalidDataException(
                    $"split column {split.Column} row {i + 1}: \"{text}\" is not an ISO-8601 timestamp (a time split needs one in every row)");
            times[i] = t.ToUnixTimeMilliseconds() / 1000.0;
        }
        return ByTime(split, times);
    }

    /// <summary>Time split on Unix seconds (as <c>ColumnarTable.Seconds</c> gives them): the latest rows are held out.</summary>
    public static SplitResult AssignByTime(SplitSection split, double[] unixSeconds)
    {
        ArgumentNullException.ThrowIfNull(split);
        if (split.HoldoutFraction is <= 0 or >= 1)
            throw new ArgumentException($"split.holdoutFraction {split.HoldoutFraction} is outside (0, 1); use e.g. 0.2", nameof(split));
        for (var i = 0; i < unixSeconds.Length; i++)
            if (double.IsNaN(unixSeconds[i]))
                throw new InvalidDataException($"split column {split.Column} row {i + 1} has no timestamp; a time split needs one in every row");
        return ByTime(split, unixSeconds);
    }

    private static SplitResult ByTime(SplitSection split, double[] times)
    {
        var order = Enumerable.Range(0, times.Length).ToArray();
        // Stable order by (time, row) so ties split the same way every run.
        Array.Sort(order, (a, b) => times[a] != times[b] ? times[a].CompareTo(times[b]) : a.CompareTo(b));
        var holdoutCount = (int)Math.Round(times.Length * split.HoldoutFraction);
        var holdout = order[^holdoutCount..];
        var train = order[..^holdoutCount];
        Array.Sort(holdout);
        Array.Sort(train);
        var cutoff = holdoutCount > 0 ? DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(times[order[^holdoutCount]] * 1000)).ToString("O", CultureInfo.InvariantCulture) : "-";
        return new SplitResult(train, holdout) { Description = $"time({split.Column}) >= {cutoff}: {train.Length} train / {holdout.Length} holdout" };
    }
}
