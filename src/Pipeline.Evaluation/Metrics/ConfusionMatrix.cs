namespace Pipeline.Evaluation.Metrics;

/// <summary>Counts at an operating threshold (score &gt;= threshold predicts positive).</summary>
public sealed record ConfusionMatrix(long TruePositives, long FalsePositives, long TrueNegatives, long FalseNegatives)
{
    public double Precision => TruePositives + FalsePositives == 0 ? 0 : (double)TruePositives / (TruePositives + FalsePositives);
    public double Recall => TruePositives + FalseNegatives == 0 ? 0 : (double)TruePositives / (TruePositives + FalseNegatives);
    public double FalsePositiveRate => FalsePositives + TrueNegatives == 0 ? 0 : (double)FalsePositives / (FalsePositives + TrueNegatives);
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    public static ConfusionMatrix At(ReadOnlySpan<float> scores, ReadOnlySpan<float> labels, double threshold)
    {
        long tp = 0, fp = 0, tn = 0, fn = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            var predicted = scores[i] >= threshold;
            var actual = labels[i] > 0.5f;
            if (predicted && actual) tp++;
            else if (predicted) fp++;
            else if (actual) fn++;
            else tn++;
        }
        return new ConfusionMatrix(tp, fp, tn, fn);
    }
}
