using System.Globalization;

namespace Pipeline.Evaluation.Metrics;

/// <summary>Chooses the operating threshold by policy: <c>fixed</c>, <c>max-f1</c>, or <c>target-fpr</c> (lowest threshold whose FPR is within the target).</summary>
public static class ThresholdSelector
{
    public static double Select(string policy, double value, ReadOnlySpan<float> scores, ReadOnlySpan<float> labels)
    {
        Validate(policy, value);
        return policy == "fixed" ? value : Select(policy, value, ScoreOrder.Create(scores, labels));
    }

    /// <summary>The same, on rows already sorted once (<see cref="ScoreOrder"/>).</summary>
    internal static double Select(string policy, double value, ScoreOrder rows)
    {
        Validate(policy, value);
        return policy switch
        {
            "max-f1" => MaxF1(rows),
            "target-fpr" => TargetFpr(rows, value),
            _ => value,
        };
    }

    private static void Validate(string policy, double value)
    {
        if (policy is not ("fixed" or "max-f1" or "target-fpr"))
            throw new ArgumentException($"evaluation.thresholdPolicy '{policy}' is not a policy; use fixed, max-f1 or target-fpr");
        if (policy == "target-fpr" && value is < 0 or > 1)
            throw new ArgumentException($"evaluation.thresholdValue {value.ToString(CultureInfo.InvariantCulture)} is not a false-positive rate in [0, 1]");
    }

    // Both sweeps walk distinct scores from high to low; at each, rows with score >= it are predicted positive.

    private static double MaxF1(ScoreOrder rows)
    {
        var keys = rows.SortedScores;
        var positive = rows.SortedPositive;
        var positives = rows.Positives;
        double best = -1, threshold = 0.5;
        long tp = 0, fp = 0;
        var i = keys.Length - 1;
        while (i >= 0)
        {
            var s = keys[i];
            while (i >= 0 && keys[i] == s)
            {
                if (positive[i]) tp++; else fp++;
                i--;
            }
            var f1 = tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + (positives - tp));
            if (f1 > best) { best = f1; threshold = s; }
        }
        return threshold;
    }

    private static double TargetFpr(ScoreOrder rows, double target)
    {
        var keys = rows.SortedScores;
        var positive = rows.SortedPositive;
        var negatives = rows.Count - rows.Positives;
        var threshold = double.PositiveInfinity;
        long fp = 0;
        var i = keys.Length - 1;
        while (i >= 0)
        {
            var s = keys[i];
            while (i >= 0 && keys[i] == s)
            {
                if (!positive[i]) fp++;
                i--;
            }
            if (negatives > 0 && (double)fp / negatives > target) break;
            threshold = s;
        }
        // Nothing meets the target: predict nothing positive (a threshold just above the top score).
        return double.IsPositiveInfinity(threshold) ? Math.BitIncrement((double)(keys.Length == 0 ? 1f : keys[^1])) : threshold;
    }
}
