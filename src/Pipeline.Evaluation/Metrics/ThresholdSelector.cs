using System.Globalization;

namespace Pipeline.Evaluation.Metrics;

/// <summary>Chooses the operating threshold by policy: <c>fixed</c>, <c>max-f1</c>, or <c>target-fpr</c> (lowest threshold whose FPR is within the target).</summary>
public static class ThresholdSelector
{
    public static double Select(string policy, double value, ReadOnlySpan<float> scores, ReadOnlySpan<float> labels) => policy switch
    {
        "fixed" => value,
        "max-f1" => MaxF1(scores, labels),
        "target-fpr" => TargetFpr(scores, labels, value),
        _ => throw new ArgumentException($"evaluation.thresholdPolicy '{policy}' is not a policy; use fixed, max-f1 or target-fpr"),
    };

    /// <summary>Sweeps distinct scores from high to low; at each, rows with score &gt;= it are predicted positive.</summary>
    private static IEnumerable<(double Threshold, long Tp, long Fp, long Positives, long Negatives)> Sweep(ReadOnlySpan<float> scores, ReadOnlySpan<float> labels)
    {
        var order = Enumerable.Range(0, scores.Length).ToArray();
        var keys = scores.ToArray();
        var y = labels.ToArray();
        Array.Sort(keys.Select(k => -k).ToArray(), order);
        long positives = y.Count(v => v > 0.5f), negatives = y.Length - positives;
        return Iterate(order, keys, y, positives, negatives);
    }

    private static IEnumerable<(double, long, long, long, long)> Iterate(int[] order, float[] scores, float[] y, long positives, long negatives)
    {
        long tp = 0, fp = 0;
        var i = 0;
        while (i < order.Length)
        {
            var s = scores[order[i]];
            while (i < order.Length && scores[order[i]] == s)
            {
                if (y[order[i]] > 0.5f) tp++; else fp++;
                i++;
            }
            yield return (s, tp, fp, positives, negatives);
        }
    }

    private static double MaxF1(ReadOnlySpan<float> scores, ReadOnlySpan<float> labels)
    {
        double best = -1, threshold = 0.5;
        foreach (var (t, tp, fp, positives, _) in Sweep(scores, labels))
        {
            var f1 = tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + (positives - tp));
            if (f1 > best) { best = f1; threshold = t; }
        }
        return threshold;
    }

    private static double TargetFpr(ReadOnlySpan<float> scores, ReadOnlySpan<float> labels, double target)
    {
        if (target is < 0 or > 1)
            throw new ArgumentException($"evaluation.thresholdValue {target.ToString(CultureInfo.InvariantCulture)} is not a false-positive rate in [0, 1]");
        var threshold = double.PositiveInfinity;
        foreach (var (t, _, fp, _, negatives) in Sweep(scores, labels))
        {
            if (negatives > 0 && (double)fp / negatives > target) break;
            threshold = t;
        }
        // Nothing meets the target: predict nothing positive (a threshold just above the top score).
        return double.IsPositiveInfinity(threshold) ? Math.BitIncrement((double)scores.ToArray().DefaultIfEmpty(1f).Max()) : threshold;
    }
}
