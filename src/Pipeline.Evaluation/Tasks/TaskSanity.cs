using System.Globalization;
using Pipeline.Core.Verdicts;

namespace Pipeline.Evaluation.Tasks;

/// <summary>Output sanity for multiclass and regression models: finite, probabilities summing to 1, not constant, plausible range.</summary>
public static class TaskSanity
{
    /// <summary>Largest |Σ p − 1| of one row's class probabilities.</summary>
    public const double SumTolerance = 1e-3;

    public static IReadOnlyList<Check> Multiclass(ReadOnlySpan<float> probabilities, int rows, int k)
    {
        long invalid = 0, badSum = 0;
        var predicted = new HashSet<int>();
        for (var r = 0; r < rows; r++)
        {
            var row = probabilities.Slice(r * k, k);
            double sum = 0;
            var ok = true;
            var best = 0;
            for (var c = 0; c < k; c++)
            {
                if (!float.IsFinite(row[c]) || row[c] < 0 || row[c] > 1) ok = false;
                sum += row[c];
                if (row[c] > row[best]) best = c;
            }
            if (!ok) { invalid++; continue; }
            if (Math.Abs(sum - 1) > SumTolerance) badSum++;
            predicted.Add(best);
        }
        return
        [
            new Check
            {
                Metric = "output: finite class probabilities in [0, 1]", Observed = invalid == 0 ? "all" : $"{invalid} rows outside",
                Threshold = "0 rows outside", SampleSize = rows, Value = invalid,
                Outcome = invalid == 0 && rows > 0 ? CheckOutcome.Pass : CheckOutcome.Fail,
                Detail = invalid == 0 ? null : "the model produced NaN, infinite or out-of-range class probabilities; check features.probabilityOutput and the final softmax",
            },
            new Check
            {
                Metric = "output: probabilities sum to 1", Observed = badSum == 0 ? "all rows" : $"{badSum} rows off by more than {SumTolerance}",
                Threshold = F($"|Σp − 1| <= {SumTolerance}"), SampleSize = rows, Value = badSum,
                Outcome = badSum == 0 ? CheckOutcome.Pass : CheckOutcome.Fail,
                Detail = badSum == 0 ? null : "the output is not a probability distribution over data.classes (apply a softmax in the graph, or map the right output)",
            },
            new Check
            {
                Metric = "output: not constant", Observed = F($"{predicted.Count} of {k} classes predicted"), Threshold = ">= 2 classes predicted",
                SampleSize = rows, Value = predicted.Count, Outcome = predicted.Count >= 2 ? CheckOutcome.Pass : CheckOutcome.Fail,
                Detail = predicted.Count >= 2 ? null : "every row gets the same class: the model ignores its inputs (check the feature mapping)",
            },
        ];
    }

    /// <summary>Regression: finite values, not constant, and inside the training labels' range widened by its own width on each side.</summary>
    public static IReadOnlyList<Check> Regression(ReadOnlySpan<float> values, ReadOnlySpan<float> trainingLabels)
    {
        long invalid = 0;
        double min = double.MaxValue, max = double.MinValue;
        foreach (var v in values)
        {
            if (!float.IsFinite(v)) { invalid++; continue; }
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }
        var checks = new List<Check>
        {
            new()
            {
                Metric = "output: finite", Observed = invalid == 0 ? "all" : $"{invalid} rows NaN/inf", Threshold = "0 rows", SampleSize = values.Length,
                Value = invalid, Outcome = invalid == 0 && values.Length > 0 ? CheckOutcome.Pass : CheckOutcome.Fail,
                Detail = invalid == 0 ? null : "the model produced NaN or infinite values; check features.valueOutput and missing-value handling in the graph",
            },
        };
        var range = invalid == values.Length ? 0 : max - min;
        checks.Add(new Check
        {
            Metric = "output: not constant", Observed = range > 0 ? F($"range {min:0.####}..{max:0.####}") : "constant", Threshold = "range > 0",
            SampleSize = values.Length, Value = range, Outcome = range > 0 ? CheckOutcome.Pass : CheckOutcome.Fail,
            Detail = range > 0 ? null : "every row got the same value: the model ignores its inputs (check the feature mapping and input names)",
        });
        if (trainingLabels.Length > 0)
        {
            float lo = float.MaxValue, hi = float.MinValue;
            foreach (var y in trainingLabels) { if (!float.IsFinite(y)) continue; lo = Math.Min(lo, y); hi = Math.Max(hi, y); }
            var width = Math.Max(hi - lo, 1e-6);
            double allowedLo = lo - width, allowedHi = hi + width;
            long outside = 0;
            foreach (var v in values) if (float.IsFinite(v) && (v < allowedLo || v > allowedHi)) outside++;
            checks.Add(new Check
            {
                Metric = "output: plausible range", Observed = outside == 0 ? F($"{min:0.####}..{max:0.####}") : $"{outside} rows outside",
                Threshold = F($"within {allowedLo:0.####}..{allowedHi:0.####} (training labels {lo:0.####}..{hi:0.####} ± their range)"),
                SampleSize = values.Length, Value = outside, Outcome = outside == 0 ? CheckOutcome.Pass : CheckOutcome.Fail,
                Detail = outside == 0 ? null : "predictions far outside anything seen in training: check the output's units and scaling (e.g. a log-target model served without its inverse transform)",
            });
        }
        return checks;
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
