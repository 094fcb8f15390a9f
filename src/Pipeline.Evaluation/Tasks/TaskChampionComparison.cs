using MathNet.Numerics.Distributions;

namespace Pipeline.Evaluation.Tasks;

/// <summary>
/// Paired non-inferiority of a multiclass or regression challenger against the champion on the same rows: the per-row loss difference
/// (log loss of the true class; squared error) has a one-sided upper confidence bound below the allowed increase.
/// </summary>
public sealed record TaskChampionComparison
{
    public required string Champion { get; init; }

    /// <summary><c>log_loss</c> (multiclass) or <c>mse</c> (regression); lower is better.</summary>
    public required string Metric { get; init; }
    public required double ChallengerValue { get; init; }
    public required double ChampionValue { get; init; }

    /// <summary>Challenger − champion mean loss.</summary>
    public required double Difference { get; init; }
    public required double LowerBound { get; init; }

    /// <summary>One-sided upper confidence bound of <see cref="Difference"/> at <see cref="Confidence"/>.</summary>
    public required double UpperBound { get; init; }

    /// <summary>The largest loss increase allowed, in the metric's units.</summary>
    public required double Allowed { get; init; }
    public required double Confidence { get; init; }

    /// <summary>P-value of H0: difference ≥ allowed.</summary>
    public required double PValue { get; init; }
    public required long Rows { get; init; }
    public bool NonInferior => UpperBound < Allowed;

    /// <summary>Compares per-row losses; <paramref name="relativeMargin"/> scales the champion's mean loss (regression), otherwise the margin is absolute.</summary>
    public static TaskChampionComparison Compare(string champion, string metric, double[] challengerLoss, double[] championLoss, double margin,
        bool relativeMargin, double confidence)
    {
        if (challengerLoss.Length != championLoss.Length || challengerLoss.Length < 2)
            throw new ArgumentException("champion comparison needs both models scored on the same rows (at least 2)");
        var n = challengerLoss.Length;
        var d = new double[n];
        for (var i = 0; i < n; i++) d[i] = challengerLoss[i] - championLoss[i];
        var mean = d.Average();
        var sd = Math.Sqrt(d.Sum(v => (v - mean) * (v - mean)) / (n - 1));
        var se = Math.Max(sd / Math.Sqrt(n), 1e-12);
        var z = Normal.InvCDF(0, 1, confidence);
        var championMean = championLoss.Average();
        var allowed = relativeMargin ? margin * championMean : margin;
        return new TaskChampionComparison
        {
            Champion = champion,
            Metric = metric,
            ChallengerValue = challengerLoss.Average(),
            ChampionValue = championMean,
            Difference = mean,
            LowerBound = mean - z * se,
            UpperBound = mean + z * se,
            Allowed = allowed,
            Confidence = confidence,
            PValue = Normal.CDF(0, 1, (mean - allowed) / se),
            Rows = n,
        };
    }
}
