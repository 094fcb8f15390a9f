using Pipeline.Core.Features;

namespace Pipeline.Training.Preprocessing;

/// <summary>Fits imputation medians, standardisation and category vocabularies on the training rows.</summary>
public static class PreprocessingFitter
{
    /// <param name="minCategoryCount">Categories seen fewer times are treated like unseen ones (all-zero one-hot).</param>
    public static PreprocessingPlan Fit(FeatureBatch batch, IReadOnlyList<string> numeric, IReadOnlyList<string> categorical,
        int minCategoryCount = 5, bool missingIndicators = true)
    {
        var numericTransforms = new List<NumericTransform>(numeric.Count);
        foreach (var column in numeric)
        {
            if (!batch.Numeric.TryGetValue(column, out var values))
                throw new ArgumentException($"numeric feature column {column} is not in the training batch", nameof(batch));
            numericTransforms.Add(FitNumeric(column, values, missingIndicators));
        }
        var categoricalTransforms = new List<CategoricalTransform>(categorical.Count);
        foreach (var column in categorical)
        {
            if (!batch.Categorical.TryGetValue(column, out var values))
                throw new ArgumentException($"categorical feature column {column} is not in the training batch", nameof(batch));
            categoricalTransforms.Add(FitCategorical(column, values, minCategoryCount));
        }
        return new PreprocessingPlan { Numeric = numericTransforms, Categorical = categoricalTransforms };
    }

    private static NumericTransform FitNumeric(string column, float[] values, bool missingIndicators)
    {
        var present = values.Where(v => !float.IsNaN(v)).ToArray();
        var missing = values.Length - present.Length;
        if (present.Length == 0)
            throw new InvalidDataException($"numeric feature {column} has no values in the training rows; drop it from features.numeric or fix the data");
        Array.Sort(present);
        var median = present.Length % 2 == 1
            ? present[present.Length / 2]
            : (float)((present[present.Length / 2 - 1] + (double)present[present.Length / 2]) / 2);
        double sum = 0, sumSq = 0;
        foreach (var v in values)
        {
            double x = float.IsNaN(v) ? median : v;
            sum += x;
        }
        var mean = sum / values.Length;
        foreach (var v in values)
        {
            var d = (float.IsNaN(v) ? median : v) - mean;
            sumSq += d * d;
        }
        var std = Math.Sqrt(sumSq / values.Length);
        // A constant column carries no information; dividing by 1 keeps it finite (its weight is then shrunk to 0 by L2).
        if (!(std > 1e-12)) std = 1;
        return new NumericTransform(column, median, (float)mean, (float)std, missingIndicators && missing > 0, missing);
    }

    private static CategoricalTransform FitCategorical(string column, string?[] values, int minCategoryCount)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var v in values)
        {
            if (string.IsNullOrEmpty(v)) continue;
            counts[v] = counts.GetValueOrDefault(v) + 1;
        }
        var kept = counts.Where(kv => kv.Value >= minCategoryCount).Select(kv => kv.Key).Order(StringComparer.Ordinal).ToArray();
        var keptSet = kept.ToHashSet(StringComparer.Ordinal);
        var unseen = values.Count(v => string.IsNullOrEmpty(v) || !keptSet.Contains(v));
        return new CategoricalTransform(column, kept, unseen);
    }
}
