namespace Pipeline.Deployment.Judge;

/// <summary>Wald's sequential probability ratio test on Bernoulli trials, H0: p = p0 against H1: p = p1 (p1 &gt; p0).</summary>
/// <remarks>Rejecting H0 when it is true has probability at most about <c>alpha</c>; accepting it when H1 is true at most about <c>beta</c>.
/// p0 and p1 may change between batches (they are re-estimated from the stable variant), which keeps the test a valid
/// likelihood-ratio martingale under H0 as long as each batch uses the hypotheses in force when it arrived.</remarks>
public sealed class BernoulliSprt(double alpha, double beta)
{
    public double Alpha { get; } = alpha;
    public double Beta { get; } = beta;

    /// <summary>log((1-β)/α): crossing it rejects H0.</summary>
    public double UpperBound { get; } = Math.Log((1 - beta) / alpha);

    /// <summary>log(β/(1-α)): crossing it accepts H0.</summary>
    public double LowerBound { get; } = Math.Log(beta / (1 - alpha));

    /// <summary>A test that goes on with <paramref name="undecided"/>'s evidence when that one ended without a decision (the next canary step
    /// continues the same test: one α for the chain), or starts afresh when it decided.</summary>
    public static BernoulliSprt ContinueFrom(BernoulliSprt? undecided, double alpha, double beta)
    {
        var test = new BernoulliSprt(alpha, beta);
        if (undecided is { State: SprtState.Undecided })
            (test.LogLikelihoodRatio, test.Trials, test.Events) = (undecided.LogLikelihoodRatio, undecided.Trials, undecided.Events);
        return test;
    }

    public double LogLikelihoodRatio { get; private set; }
    public long Trials { get; private set; }
    public long Events { get; private set; }

    public SprtState State =>
        LogLikelihoodRatio >= UpperBound ? SprtState.RejectH0
        : LogLikelihoodRatio <= LowerBound ? SprtState.AcceptH0
        : SprtState.Undecided;

    /// <summary>Wald's approximation of the expected number of trials to a decision when the true rate is <paramref name="p"/>
    /// (infinite when the test drifts nowhere).</summary>
    public static double ExpectedTrials(double alpha, double beta, double p0, double p1, double p)
    {
        double upper = Math.Log((1 - beta) / alpha), lower = Math.Log(beta / (1 - alpha));
        var drift = p * Math.Log(p1 / p0) + (1 - p) * Math.Log((1 - p1) / (1 - p0));
        if (Math.Abs(drift) < 1e-12) return double.PositiveInfinity;
        // Probability of ending at the upper bound under p, from the test's operating characteristic: exact at p0 (α) and p1 (1 − β).
        var reject = p <= p0 ? alpha : p >= p1 ? 1 - beta : alpha + (1 - beta - alpha) * (p - p0) / (p1 - p0);
        return Math.Max(1, (reject * upper + (1 - reject) * lower) / drift);
    }

    /// <summary>Adds a batch of trials of which <paramref name="events"/> were events; a decided test ignores further data.</summary>
    public SprtState Add(long trials, long events, double p0, double p1)
    {
        if (State != SprtState.Undecided || trials <= 0) return State;
        if (events < 0 || events > trials) throw new ArgumentOutOfRangeException(nameof(events), $"{events} events in {trials} trials");
        if (!(p0 > 0 && p1 > p0 && p1 < 1)) throw new ArgumentOutOfRangeException(nameof(p1), $"need 0 < p0 < p1 < 1, got p0={p0}, p1={p1}");
        LogLikelihoodRatio += events * Math.Log(p1 / p0) + (trials - events) * Math.Log((1 - p1) / (1 - p0));
        Trials += trials;
        Events += events;
        return State;
    }
}

public enum SprtState
{
    Undecided,
    AcceptH0,
    RejectH0,
}
