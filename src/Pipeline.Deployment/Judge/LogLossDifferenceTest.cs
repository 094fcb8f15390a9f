namespace Pipeline.Deployment.Judge;

/// <summary>Sequential test of online quality: is the canary's mean log loss more than <c>margin</c> above stable's?</summary>
/// <remarks>A normal-mixture confidence sequence (Robbins' mixture; the always-valid form of Johari et al.'s mSPRT) on
/// D = mean loss canary − mean loss stable with variance V = s²c/nc + s²s/ns: with mixture variance τ² the band
/// D ± sqrt(V(V+τ²)/τ² · (2 ln(1/α) + ln((V+τ²)/V))) covers the true difference at every look with probability ≥ 1-α
/// (asymptotically, by the time-uniform CLT; losses are bounded by score clipping). Breach when the whole band is above the margin,
/// so a canary no worse than the margin is rolled back with probability ≤ α however often it is looked at.</remarks>
public static class LogLossDifferenceTest
{
    public sealed record Result(double Difference, double HalfWidth, double StableAuc, double CanaryAuc, MetricStatus Status)
    {
        public double Lower => Difference - HalfWidth;
        public double Upper => Difference + HalfWidth;
    }

    /// <param name="withAuc">AUC is evidence only and costs a sort per look; simulations leave it out.</param>
    public static Result Assess(LabelledStats stable, LabelledStats canary, double margin, double alpha, long minSamples, bool withAuc = true)
    {
        if (stable.Count < minSamples || canary.Count < minSamples)
            return new Result(double.NaN, double.PositiveInfinity, double.NaN, double.NaN, MetricStatus.Collecting);
        var difference = canary.MeanLoss - stable.MeanLoss;
        var halfWidth = HalfWidth(stable.LossVariance / stable.Count + canary.LossVariance / canary.Count, Math.Max(margin, MinMixtureScale), alpha);
        var status = difference - halfWidth > margin ? MetricStatus.Breached
            : difference + halfWidth < margin ? MetricStatus.Healthy
            : MetricStatus.Collecting;
        withAuc &= !stable.SquaredError;
        return new Result(difference, halfWidth, withAuc ? stable.Auc() : double.NaN, withAuc ? canary.Auc() : double.NaN, status);
    }

    /// <summary>Smallest mixture scale τ: a tiny τ tunes the band to tiny effects and makes it wide for the ones worth a rollback.</summary>
    public const double MinMixtureScale = 0.1;

    /// <summary>Half-width of the normal-mixture confidence sequence; the mixture scale τ is the margin (at least <see cref="MinMixtureScale"/>).</summary>
    public static double HalfWidth(double variance, double tau, double alpha)
    {
        if (variance <= 0) return 0;
        var t2 = tau * tau;
        return Math.Sqrt(variance * (variance + t2) / t2 * (2 * Math.Log(1 / alpha) + Math.Log((variance + t2) / variance)));
    }
}
