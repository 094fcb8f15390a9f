using MathNet.Numerics.Distributions;

namespace Pipeline.Deployment.Judge.Simulation;

/// <summary>Runs a <see cref="CanaryJudge"/> against synthetic traffic on a simulated clock: no sleeping, fully seeded.</summary>
public static class RolloutSimulator
{
    public static RolloutOutcome Run(JudgeSettings settings, RolloutScenario scenario, int seed)
    {
        var random = new Random(seed);
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var judge = new CanaryJudge(settings, start);
        var now = start;
        long canaryTotal = 0, total = 0;
        var perScrape = scenario.RequestsPerSecond * scenario.ScrapeInterval.TotalSeconds;
        while (true)
        {
            now += scenario.ScrapeInterval;
            var elapsed = now - start;
            var faulty = elapsed > scenario.FaultOnset;
            var requests = Poisson.Sample(random, perScrape);
            var canaryShare = judge.CurrentWeightPercent / 100.0;
            var canaryRequests = Binomial.Sample(random, canaryShare, requests);
            var stable = Sample(random, scenario.Stable, requests - canaryRequests);
            var canary = Sample(random, faulty ? scenario.Canary : scenario.Stable, canaryRequests);
            canaryTotal += canaryRequests;
            total += requests;
            var decision = judge.Observe(new JudgeObservation(now, judge.CurrentWeightPercent, stable, canary));
            if (decision.IsFinal || elapsed >= scenario.MaxDuration)
            {
                TimeSpan? sinceFault = faulty ? elapsed - scenario.FaultOnset : null;
                return new RolloutOutcome(decision, elapsed, sinceFault, canaryTotal, total);
            }
        }
    }

    private static VariantSample Sample(Random random, SimulatedVariant v, int requests)
    {
        var latency = new long[RolloutScenario.LatencyBounds.Length + 1];
        var scores = new long[RolloutScenario.ScoreBounds.Length + 1];
        long errors = 0;
        var mu = Math.Log(v.LatencyMedianSeconds);
        for (var i = 0; i < requests; i++)
        {
            if (random.NextDouble() < v.ErrorRate) errors++;
            var seconds = Math.Exp(mu + v.LatencySigma * Normal.Sample(random, 0, 1)) + v.ExtraLatencySeconds;
            latency[Bucket(RolloutScenario.LatencyBounds, seconds)]++;
            scores[Bucket(RolloutScenario.ScoreBounds, Beta.Sample(random, v.ScoreAlpha, v.ScoreBeta))]++;
        }
        return new VariantSample
        {
            Requests = requests,
            Errors = errors,
            Latency = new HistogramCounts(RolloutScenario.LatencyBounds, latency),
            Scores = new HistogramCounts(RolloutScenario.ScoreBounds, scores),
        };
    }

    private static int Bucket(double[] bounds, double value)
    {
        var i = Array.BinarySearch(bounds, value);
        return i >= 0 ? i : ~i;
    }
}
