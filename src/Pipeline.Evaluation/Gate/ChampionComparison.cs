using MathNet.Numerics.Distributions;
using Pipeline.Evaluation.Metrics;

namespace Pipeline.Evaluation.Gate;

/// <summary>Paired non-inferiority of a challenger against the champion on the same rows (DeLong paired test on the AUC difference).</summary>
public sealed record ChampionComparison
{
    public required string Champion { get; init; }
    public required double ChallengerAuc { get; init; }
    public required double ChampionAuc { get; init; }

    /// <summary>Challenger AUC − champion AUC.</summary>
    public required double Difference { get; init; }
    public required double StandardError { get; init; }

    /// <summary>One-sided lower confidence bound of the difference at <see cref="Confidence"/>.</summary>
    public required double LowerBound { get; init; }

    /// <summary>Two-sided upper bound at the same z (so [LowerBound, UpperBound] is the (2c−1) two-sided interval).</summary>
    public required double UpperBound { get; init; }
    public required double Margin { get; init; }
    public required double Confidence { get; init; }

    /// <summary>P-value of H0: difference ≤ −margin.</summary>
    public required double PValue { get; init; }
    public required long Rows { get; init; }
    public bool NonInferior => LowerBound > -Margin;

    public static ChampionComparison Compare(string champion, ReadOnlySpan<float> challenger, ReadOnlySpan<float> championScores,
        ReadOnlySpan<float> labels, double margin, double confidence)
    {
        if (challenger.Length != championScores.Length || challenger.Length != labels.Length)
            throw new ArgumentException("champion comparison needs both models scored on the same rows");
        return Compare(champion, DeLong.Compute(challenger, labels), DeLong.Compute(championScores, labels), margin, confidence, labels.Length);
    }

    /// <summary>The same, on both models' rows already sorted once (the gate reuses the challenger's order).</summary>
    internal static ChampionComparison Compare(string champion, ScoreOrder challenger, ScoreOrder championRows, double margin, double confidence)
    {
        if (challenger.Count != championRows.Count)
            throw new ArgumentException("champion comparison needs both models scored on the same rows");
        return Compare(champion, DeLong.Compute(challenger), DeLong.Compute(championRows), margin, confidence, challenger.Count);
    }

    private static ChampionComparison Compare(string champion, DeLong.Components a, DeLong.Components b, double margin, double confidence, long rows)
    {
        var variance = DeLong.Variance(a) + DeLong.Variance(b) - 2 * DeLong.Covariance(a, b);
        var se = Math.Sqrt(Math.Max(variance, 0));
        var z = Normal.InvCDF(0, 1, confidence);
        var diff = a.Auc - b.Auc;
        var p = se > 0 ? 1 - Normal.CDF(0, 1, (diff + margin) / se) : diff > -margin ? 0 : 1;
        return new ChampionComparison
        {
            Champion = champion,
            ChallengerAuc = a.Auc,
            ChampionAuc = b.Auc,
            Difference = diff,
            StandardError = se,
            LowerBound = diff - z * se,
            UpperBound = diff + z * se,
            Margin = margin,
            Confidence = confidence,
            PValue = p,
            Rows = rows,
        };
    }
}
