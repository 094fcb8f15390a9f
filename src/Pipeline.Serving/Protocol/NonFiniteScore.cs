using Pipeline.Core.Features;

namespace Pipeline.Serving.Protocol;

/// <summary>
/// A model output JSON cannot carry (NaN, ±∞), answered as an error that names each row and its likely cause instead of being
/// written as a score: 422 when the row holds a null (missing) number the model does not impute, else 500 (the model's fault).
/// </summary>
internal sealed record NonFiniteScore(int Status, string Message, IReadOnlyList<FieldError> Details)
{
    public static NonFiniteScore? Find(FeatureBatch batch, ReadOnlySpan<float> scores)
    {
        // Every request passes here: the common all-finite answer allocates nothing.
        var allFinite = true;
        foreach (var s in scores) allFinite &= float.IsFinite(s);
        if (allFinite) return null;
        var details = new List<FieldError>();
        var fromMissing = true;
        var first = -1;
        for (var row = 0; row < scores.Length; row++)
        {
            if (float.IsFinite(scores[row])) continue;
            if (first < 0) first = row;
            var missing = batch.Numeric.Where(kv => row < kv.Value.Length && float.IsNaN(kv.Value[row])).Select(kv => kv.Key).Order(StringComparer.Ordinal).ToList();
            fromMissing &= missing.Count > 0;
            if (details.Count >= JsonValues.MaxErrors) continue;
            details.Add(missing.Count > 0
                ? new FieldError($"row {row}", $"the model returned {Describe(scores[row])} for this row, which has null (missing) in {string.Join(", ", missing)}; " +
                    "this model does not impute missing values: send a number for each of them")
                : new FieldError($"row {row}", $"the model returned {Describe(scores[row])} for this row, whose inputs are all present; " +
                    "the model is faulty for these values: report it with the row"));
        }
        if (first < 0) return null;
        var message = $"the model returned a non-finite score for {details.Count} row(s), first row {first}: {details[0].Problem}";
        return new NonFiniteScore(fromMissing ? 422 : 500, message, details);
    }

    private static string Describe(float score) => float.IsNaN(score) ? "NaN" : score > 0 ? "+infinity" : "-infinity";
}
