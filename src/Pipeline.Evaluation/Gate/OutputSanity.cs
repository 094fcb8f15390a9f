using System.Globalization;
using Pipeline.Core.Verdicts;
using Pipeline.Evaluation.Metrics;

namespace Pipeline.Evaluation.Gate;

/// <summary>Checks that a model's scores are usable at all: finite and inside [0, 1], not constant, not collapsed onto a few values.</summary>
public static class OutputSanity
{
    /// <summary>Fewer distinct scores (rounded to 1e-6) than this on a large holdout means the model ignores most of its inputs.</summary>
    public const int MinDistinctScores = 10;

    /// <summary>Largest share of rows allowed to carry one identical score.</summary>
    public const double MaxModeShare = 0.95;

    public static IReadOnlyList<Check> Evaluate(ReadOnlySpan<float> scores)
    {
        long invalid = 0, nan = 0;
        var distinct = new Dictionary<long, long>();
        double min = double.MaxValue, max = double.MinValue;
        foreach (var s in scores)
        {
            if (float.IsNaN(s)) { nan++; invalid++; continue; }
            if (!float.IsFinite(s) || s < 0 || s > 1) { invalid++; continue; }
            min = Math.Min(min, s);
            max = Math.Max(max, s);
            var key = (long)Math.Round(s * 1e6);
            distinct[key] = distinct.GetValueOrDefault(key) + 1;
        }
        return Checks(scores.Length, invalid, nan, min, max, distinct.Count, distinct.Count == 0 ? 0 : distinct.Values.Max());
    }

    /// <summary>The same checks from rows already sorted once: the rounded key is monotonic in the score, so equal keys are adjacent
    /// and distinct values and the mode are counted in one pass without a hash table.</summary>
    internal static IReadOnlyList<Check> Evaluate(ScoreOrder rows)
    {
        long invalid = 0, nan = 0;
        double min = double.MaxValue, max = double.MinValue;
        int distinct = 0;
        long run = 0, mode = 0, lastKey = 0;
        foreach (var s in rows.SortedScores)
        {
            if (float.IsNaN(s)) { nan++; invalid++; continue; }
            if (!float.IsFinite(s) || s < 0 || s > 1) { invalid++; continue; }
            min = Math.Min(min, s);
            max = Math.Max(max, s);
            var key = (long)Math.Round(s * 1e6);
            if (distinct == 0 || key != lastKey)
            {
                distinct++;
                lastKey = key;
                run = 0;
            }
            run++;
            if (run > mode) mode = run;
        }
        return Checks(rows.Count, invalid, nan, min, max, distinct, mode);
    }

    private static IReadOnlyList<Check> Checks(int n, long invalid, long nan, double min, double max, int distinctCount, long modeCount)
    {
        var checks = new List<Check>
        {
            new()
            {
                Metric = "output: finite, in [0, 1]",
                Observed = invalid == 0 ? "all" : $"{invalid} rows outside ({nan} NaN)",
                Threshold = "0 rows outside",
                SampleSize = n,
                Value = invalid,
                Outcome = invalid == 0 && n > 0 ? CheckOutcome.Pass : CheckOutcome.Fail,
                Detail = invalid == 0 ? null
                    : "the model produced probabilities that are NaN, infinite or outside [0, 1]; check the output mapping (features.probabilityOutput) and the model's final activation",
            },
        };
        var range = distinctCount == 0 ? 0 : max - min;
        checks.Add(new Check
        {
            Metric = "output: not constant",
            Observed = distinctCount == 0 ? "no valid scores" : string.Create(CultureInfo.InvariantCulture, $"range {min:0.######}..{max:0.######}"),
            Threshold = "range > 0",
            SampleSize = n,
            Value = range,
            Outcome = range > 0 ? CheckOutcome.Pass : CheckOutcome.Fail,
            Detail = range > 0 ? null : "every row got the same score: the model ignores its inputs (check the feature mapping and input names)",
        });
        var modeShare = distinctCount == 0 ? 1 : (double)modeCount / n;
        var required = Math.Min(MinDistinctScores, Math.Max(2, n / 100));
        var degenerate = distinctCount < required || modeShare > MaxModeShare;
        checks.Add(new Check
        {
            Metric = "output: distribution not degenerate",
            Observed = string.Create(CultureInfo.InvariantCulture, $"{distinctCount} distinct, top value share {modeShare:P1}"),
            Threshold = string.Create(CultureInfo.InvariantCulture, $">= {required} distinct, top share <= {MaxModeShare:P0}"),
            SampleSize = n,
            Value = distinctCount,
            Outcome = degenerate ? CheckOutcome.Fail : CheckOutcome.Pass,
            Detail = degenerate ? "scores collapse onto a few values; the model cannot rank rows" : null,
        });
        return checks;
    }
}
