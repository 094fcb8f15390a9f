using System.Globalization;
using Pipeline.Core.Models;

namespace Pipeline.Core.Monitoring;

/// <summary>
/// Histogram upper bounds of the served prediction per task, shared by the server's and the gateway's Prometheus histograms and so by
/// the judge's prediction-shift test: the probability buckets for binary, one bucket per class (bounds k + 0.5) for multiclass, and for
/// regression the 5 %…95 % quantiles of the training labels, so each bucket holds a known share of the training distribution.
/// </summary>
public static class PredictionBuckets
{
    private static readonly double[] RegressionQuantiles = [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95];

    /// <summary>Bounds without training labels: binary probabilities, or one per class; regression needs <see cref="For"/>.</summary>
    public static IReadOnlyList<double> Default(ModelTask task, int classes) => task switch
    {
        ModelTask.Multiclass => [.. Enumerable.Range(0, Math.Max(classes, 1)).Select(k => k + 0.5)],
        _ => RolloutBuckets.Scores,
    };

    public static IReadOnlyList<double> For(ModelTask task, int classes, IReadOnlyList<float> trainingLabels)
    {
        if (task != ModelTask.Regression) return Default(task, classes);
        var sorted = trainingLabels.Where(float.IsFinite).Select(v => (double)v).Order().ToArray();
        if (sorted.Length == 0) return RolloutBuckets.Scores;
        return [.. RegressionQuantiles.Select(q => Quantile(sorted, q)).Select(v => Math.Round(v, 6)).Distinct().Order()];
    }

    /// <summary>Shadow tolerance in the prediction's units: 0.05 of probability (binary), less than one class apart (multiclass, so any
    /// class flip disagrees), a quarter of the training labels' standard deviation (regression) unless the rollout policy sets one.</summary>
    public static double ShadowTolerance(ModelTask task, double? configured, IReadOnlyList<float> trainingLabels) => configured ?? task switch
    {
        ModelTask.Multiclass => 0.5,
        ModelTask.Regression => 0.25 * StandardDeviation(trainingLabels),
        _ => 0.05,
    };

    public static double StandardDeviation(IReadOnlyList<float> values)
    {
        var finite = values.Where(float.IsFinite).Select(v => (double)v).ToArray();
        if (finite.Length < 2) return 1;
        var mean = finite.Average();
        return Math.Sqrt(finite.Sum(v => (v - mean) * (v - mean)) / (finite.Length - 1));
    }

    public static string Format(IEnumerable<double> bounds) => string.Join(",", bounds.Select(b => b.ToString("R", CultureInfo.InvariantCulture)));

    /// <summary>Parses <c>b1,b2,…</c> (strictly ascending finite numbers); null with a message when it is not.</summary>
    public static (double[]? Bounds, string? Error) Parse(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var bounds = new double[parts.Length];
        for (var i = 0; i < parts.Length; i++)
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out bounds[i]) || !double.IsFinite(bounds[i]))
                return (null, $"\"{parts[i]}\" is not a number; give ascending bucket bounds such as 0.1,0.5,1");
        if (bounds.Length == 0) return (null, "no bounds; give ascending bucket bounds such as 0.1,0.5,1");
        for (var i = 1; i < bounds.Length; i++)
            if (!(bounds[i] > bounds[i - 1])) return (null, $"bounds must be strictly ascending ({bounds[i - 1]} then {bounds[i]})");
        return (bounds, null);
    }

    private static double Quantile(double[] sorted, double q)
    {
        var pos = q * (sorted.Length - 1);
        var lo = (int)Math.Floor(pos);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
