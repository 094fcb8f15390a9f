namespace Pipeline.Evaluation.Metrics;

/// <summary>Threshold-free metrics on probabilities: average precision (PR AUC), log loss, Brier score, expected calibration error.</summary>
public static class ScoreMetrics
{
    public static double AveragePrecision(ReadOnlySpan<float> scores, ReadOnlySpan<float> labels)
    {
        if (scores.Length != labels.Length) throw new ArgumentException($"{scores.Length} scores for {labels.Length} labels");
        return AveragePrecision(ScoreOrder.Create(scores, labels));
    }

    /// <summary>Average precision over tie groups from the highest score down, on rows already sorted once.</summary>
    internal static double AveragePrecision(ScoreOrder rows)
    {
        var positives = rows.Positives;
        if (positives == 0) return 0;
        var keys = rows.SortedScores;
        var positive = rows.SortedPositive;
        long tp = 0, seen = 0;
        double ap = 0, lastRecall = 0;
        var i = keys.Length - 1;
        while (i >= 0)
        {
            var current = keys[i];
            while (i >= 0 && keys[i] == current)
            {
                if (positive[i]) tp++;
                seen++;
                i--;
            }
            var recall = (double)tp / positives;
            ap += (recall - lastRecall) * ((double)tp / seen);
            lastRecall = recall;
        }
        return ap;
    }

    public static double LogLoss(ReadOnlySpan<float> scores, ReadOnlySpan<float> labels)
    {
        const double eps = 1e-15;
        double sum = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            var p = Math.Clamp(scores[i], eps, 1 - eps);
            sum -= labels[i] > 0.5f ? Math.Log(p) : Math.Log(1 - p);
        }
        return sum / scores.Length;
    }

    public static double Brier(ReadOnlySpan<float> scores, ReadOnlySpan<float> labels)
    {
        double sum = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            var d = scores[i] - (double)labels[i];
            sum += d * d;
        }
        return sum / scores.Length;
    }

    /// <summary>Expected calibration error over equal-width bins of the predicted probability.</summary>
    public static double ExpectedCalibrationError(ReadOnlySpan<float> scores, ReadOnlySpan<float> labels, int bins = 10)
    {
        var count = new long[bins];
        var sumP = new double[bins];
        var sumY = new double[bins];
        for (var i = 0; i < scores.Length; i++)
        {
            var b = Math.Clamp((int)(scores[i] * bins), 0, bins - 1);
            count[b]++;
            sumP[b] += scores[i];
            sumY[b] += labels[i];
        }
        double ece = 0;
        for (var b = 0; b < bins; b++)
            if (count[b] > 0) ece += (double)count[b] / scores.Length * Math.Abs(sumP[b] / count[b] - sumY[b] / count[b]);
        return ece;
    }
}
