using MathNet.Numerics.Distributions;

namespace Pipeline.Benchmarking.Gate;

/// <summary>
/// Candidate cost over champion cost, estimated over rounds: the 20 % trimmed mean of the per-round paired log-ratios with
/// Yuen's Student-t interval. Noise on a shared machine comes in bursts that span whole rounds; taking the round as the
/// unit puts that noise in the interval instead of pretending every request was independent, and trimming keeps one
/// burst-hit round from moving the estimate. Two intervals: the reported one (90 %) decides "within the limit", the wider
/// fail interval (95 %, a one-sided 97.5 % lower bound) decides "regressed", so a same-cost model that is extended round
/// after round while undecided is not failed by the repeated looks at a 95 % one-sided bound.
/// </summary>
/// <param name="Rounds">Rounds the comparison rests on.</param>
/// <param name="RegressionPercent">Estimated extra cost of the candidate, in percent (negative: cheaper).</param>
/// <param name="LowerPercent">Lower end of the reported two-sided interval (at <paramref name="Confidence"/>).</param>
/// <param name="UpperPercent">Upper end of the reported two-sided interval; at or below the limit means "within the limit".</param>
/// <param name="Confidence">Two-sided coverage of the reported interval, e.g. 0.90.</param>
/// <param name="LimitPercent">The allowed regression it was judged against.</param>
/// <param name="MinimumDetectablePercent">The smallest true regression this run would have failed with 80 % probability (limit plus the noise margin of the fail bound).</param>
/// <param name="FailLowerPercent">Lower end of the two-sided fail interval (a one-sided bound at (1 + FailConfidence) / 2); above the limit means "regressed".</param>
/// <param name="FailConfidence">Two-sided coverage of the fail interval, e.g. 0.95.</param>
public sealed record CostComparison(int Rounds, double RegressionPercent, double LowerPercent, double UpperPercent, double Confidence,
    double LimitPercent, double MinimumDetectablePercent, double FailLowerPercent, double FailConfidence)
{
    private const double Trim = 0.2;
    private const double Power = 0.8;

    /// <summary>
    /// Regressed when the whole fail interval is above the limit, within the limit when the whole reported interval is at or
    /// below it, else undecided.
    /// </summary>
    public CostDecision Decision =>
        FailLowerPercent > LimitPercent ? CostDecision.Regressed : UpperPercent <= LimitPercent ? CostDecision.WithinLimit : CostDecision.Undecided;

    /// <summary>True when the reported interval holds 0: these rounds cannot tell the two costs apart.</summary>
    public bool NoMeasurableDifference => LowerPercent <= 0 && UpperPercent >= 0;

    /// <summary>
    /// Judges per-round log-ratios (ln candidate cost / champion cost) against <paramref name="limitPercent"/>; needs two rounds
    /// or more. <paramref name="failConfidence"/> below <paramref name="confidence"/> is raised to it.
    /// </summary>
    public static CostComparison FromLogRatios(IReadOnlyList<double> logRatios, double limitPercent, double confidence = 0.90, double failConfidence = 0.95)
    {
        if (logRatios.Count < 2) throw new ArgumentException("a cost comparison needs at least two rounds", nameof(logRatios));
        failConfidence = Math.Max(confidence, failConfidence);
        var sorted = logRatios.Order().ToArray();
        var n = sorted.Length;
        var g = (int)Math.Floor(Trim * n);
        var h = n - 2 * g;
        var trimmed = sorted[g..(n - g)].Average();
        var winsorized = sorted.Select(x => Math.Clamp(x, sorted[g], sorted[n - g - 1])).ToArray();
        var mean = winsorized.Average();
        var squares = winsorized.Sum(x => (x - mean) * (x - mean));
        var standardError = Math.Sqrt(squares / (h * (h - 1.0)));
        var df = h - 1;
        var t = StudentT.InvCDF(0, 1, df, 1 - (1 - confidence) / 2);
        var tFail = StudentT.InvCDF(0, 1, df, 1 - (1 - failConfidence) / 2);
        var margin = t * standardError;
        var limit = Math.Log(1 + limitPercent / 100);
        var detectable = limit + (tFail + StudentT.InvCDF(0, 1, df, Power)) * standardError;
        return new CostComparison(n, Percent(trimmed), Percent(trimmed - margin), Percent(trimmed + margin), confidence, limitPercent, Percent(detectable),
            Percent(trimmed - tFail * standardError), failConfidence);
    }

    private static double Percent(double logRatio) => (Math.Exp(logRatio) - 1) * 100;
}
