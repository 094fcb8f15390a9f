using Pipeline.Core.Features;

namespace Pipeline.Serving.Batching;

/// <summary>Concatenates request batches with the same columns into one model batch.</summary>
internal static class FeatureBatchMerge
{
    public static FeatureBatch Concat(IReadOnlyList<FeatureBatch> parts)
    {
        if (parts.Count == 1) return parts[0];
        var total = parts.Sum(p => p.Rows);
        var merged = new FeatureBatch(total);
        foreach (var column in parts[0].Numeric.Keys)
        {
            var values = new float[total];
            var offset = 0;
            foreach (var p in parts) { p.Numeric[column].CopyTo(values, offset); offset += p.Rows; }
            merged.Numeric[column] = values;
        }
        foreach (var column in parts[0].Categorical.Keys)
        {
            var values = new string?[total];
            var offset = 0;
            foreach (var p in parts) { p.Categorical[column].CopyTo(values, offset); offset += p.Rows; }
            merged.Categorical[column] = values;
        }
        return merged;
    }
}
