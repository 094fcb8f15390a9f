namespace Pipeline.Evaluation.Metrics;

/// <summary>
/// What the report draws for a binary model: the ROC and precision–recall curves (thinned to at most <see cref="MaxPoints"/>
/// threshold points), the reliability diagram in ten equal-width score bins, and the champion's ROC on the same rows.
/// </summary>
public sealed record EvaluationCurves
{
    public const int MaxPoints = 60;

    public required IReadOnlyList<CurvePoint> Roc { get; init; }
    public required IReadOnlyList<CurvePoint> PrecisionRecall { get; init; }
    public required IReadOnlyList<CalibrationBin> Calibration { get; init; }
    public IReadOnlyList<CurvePoint>? ChampionRoc { get; init; }

    internal static EvaluationCurves Compute(ScoreOrder rows, ScoreOrder? champion) => new()
    {
        Roc = RocCurve(rows),
        PrecisionRecall = PrecisionRecallCurve(rows),
        Calibration = Reliability(rows),
        ChampionRoc = champion is null ? null : RocCurve(champion),
    };

    // Walk thresholds from the highest score down; a point after each distinct score, then thinned evenly.
    private static List<(long Tp, long Fp)> Sweep(ScoreOrder rows)
    {
        var points = new List<(long, long)> { (0, 0) };
        long tp = 0, fp = 0;
        for (var t = rows.Count - 1; t >= 0; t--)
        {
            if (rows.SortedPositive[t]) tp++; else fp++;
            if (t == 0 || rows.SortedScores[t - 1] != rows.SortedScores[t]) points.Add((tp, fp));
        }
        return points;
    }

    private static IReadOnlyList<CurvePoint> Thin(List<CurvePoint> points)
    {
        if (points.Count <= MaxPoints) return points;
        var step = (points.Count - 1) / (double)(MaxPoints - 1);
        return Enumerable.Range(0, MaxPoints).Select(i => points[(int)Math.Round(i * step)]).ToList();
    }

    private static IReadOnlyList<CurvePoint> RocCurve(ScoreOrder rows)
    {
        var p = Math.Max(1, rows.Positives);
        var n = Math.Max(1, rows.Count - rows.Positives);
        return Thin(Sweep(rows).Select(x => new CurvePoint(Round((double)x.Fp / n), Round((double)x.Tp / p))).ToList());
    }

    private static IReadOnlyList<CurvePoint> PrecisionRecallCurve(ScoreOrder rows)
    {
        var p = Math.Max(1, rows.Positives);
        return Thin(Sweep(rows).Where(x => x.Tp + x.Fp > 0)
            .Select(x => new CurvePoint(Round((double)x.Tp / p), Round((double)x.Tp / (x.Tp + x.Fp)))).ToList());
    }

    private static IReadOnlyList<CalibrationBin> Reliability(ScoreOrder rows)
    {
        var count = new long[10];
        var scoreSum = new double[10];
        var positives = new long[10];
        for (var i = 0; i < rows.Count; i++)
        {
            var s = rows.Scores[i];
            if (!float.IsFinite(s)) continue;
            var b = Math.Clamp((int)(s * 10), 0, 9);
            count[b]++;
            scoreSum[b] += s;
            if (rows.Labels[i] > 0.5f) positives[b]++;
        }
        return Enumerable.Range(0, 10).Where(b => count[b] > 0)
            .Select(b => new CalibrationBin(b / 10.0, (b + 1) / 10.0, count[b], Round(scoreSum[b] / count[b]), Round(positives[b] / (double)count[b])))
            .ToList();
    }

    private static double Round(double v) => Math.Round(v, 4);
}

/// <summary>One point of a curve: x and y in [0, 1].</summary>
public readonly record struct CurvePoint(double X, double Y);

/// <summary>One reliability bin: score range, rows, mean predicted probability and observed positive rate.</summary>
public readonly record struct CalibrationBin(double Lower, double Upper, long Rows, double MeanPredicted, double ObservedRate);
