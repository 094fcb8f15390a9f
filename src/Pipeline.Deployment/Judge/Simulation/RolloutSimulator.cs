using MathNet.Numerics.Distributions;

namespace Pipeline.Deployment.Judge.Simulation;

/// <summary>Runs a <see cref="CanaryJudge"/> against synthetic traffic on a simulated clock: no sleeping, fully seeded.</summary>
/// <remarks>Each scrape's counts are drawn in aggregate (binomial errors, multinomial histogram buckets from the variant's exact
/// distributions), so hours of rollout at thousands of requests per second simulate in milliseconds.</remarks>
public static class RolloutSimulator
{
    public static RolloutOutcome Run(JudgeSettings settings, RolloutScenario scenario, int seed)
    {
        var random = new Random(seed);
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var stableModel = new VariantModel(scenario.Stable, scenario);
        var canaryModel = new VariantModel(scenario.Canary, scenario);
        var perScrape = scenario.RequestsPerSecond * scenario.ScrapeInterval.TotalSeconds;
        var now = start;
        long observed = 0, observedErrors = 0, canaryTotal = 0, total = 0;
        while (now - start < scenario.PlanWindow)
        {
            now += scenario.ScrapeInterval;
            var sample = stableModel.Sample(random, Poisson.Sample(random, perScrape));
            (observed, observedErrors) = (observed + sample.Requests, observedErrors + sample.Errors);
        }
        var plan = scenario.PlanWindow > TimeSpan.Zero
            ? RolloutPlanner.Plan(settings, observed / scenario.PlanWindow.TotalSeconds, observed == 0 ? 0 : (double)observedErrors / observed)
            : RolloutPlanner.Plan(settings, scenario.RequestsPerSecond, scenario.Stable.ErrorRate);
        total = observed;
        var judge = new CanaryJudge(settings.Stage == JudgeStage.Canary ? settings with { Steps = plan.Weights } : settings, now, rolloutStarted: start);
        while (true)
        {
            now += scenario.ScrapeInterval;
            var elapsed = now - start;
            var faulty = elapsed > scenario.FaultOnset;
            var requests = Poisson.Sample(random, perScrape);
            var canaryShare = judge.CurrentWeightPercent / 100.0;
            var canaryRequests = (int)Draws.Binomial(random, requests, canaryShare);
            var stable = stableModel.Sample(random, requests - canaryRequests);
            var canary = (faulty ? canaryModel : stableModel).Sample(random, canaryRequests);
            canaryTotal += canaryRequests;
            total += requests;
            var decision = judge.Observe(new JudgeObservation(now, judge.CurrentWeightPercent, stable, canary));
            if (decision.IsFinal || elapsed >= scenario.MaxDuration)
            {
                TimeSpan? sinceFault = faulty ? elapsed - scenario.FaultOnset : null;
                return new RolloutOutcome(decision, elapsed, sinceFault, canaryTotal, total, plan);
            }
        }
    }

    /// <summary>A variant's exact bucket probabilities: log-normal latency (plus its fixed extra) and Beta scores over the gateway's bounds.</summary>
    private sealed class VariantModel(SimulatedVariant v, RolloutScenario scenario)
    {
        private readonly double[] _latency = Probabilities(RolloutScenario.LatencyBounds,
            x => x <= v.ExtraLatencySeconds ? 0 : LogNormal.CDF(Math.Log(v.LatencyMedianSeconds), v.LatencySigma, x - v.ExtraLatencySeconds));
        private readonly double[] _scores = Probabilities(scenario.PredictionBounds,
            v.ClassShares is { } shares ? x => shares.Take(Math.Max(0, Math.Min(shares.Length, (int)Math.Floor(x) + 1))).Sum()
            : v.ValueMean is { } mean ? x => Normal.CDF(mean, v.ValueSd, x)
            : x => Beta.CDF(v.ScoreAlpha, v.ScoreBeta, Math.Clamp(x, 0, 1)));

        public VariantSample Sample(Random random, int requests) => new()
        {
            Requests = requests,
            Errors = Draws.Binomial(random, requests, v.ErrorRate),
            Latency = new HistogramCounts(RolloutScenario.LatencyBounds, Draws.Multinomial(random, requests, _latency)),
            Scores = new HistogramCounts(scenario.PredictionBounds, Draws.Multinomial(random, requests, _scores)),
            Labelled = Labelled(random, requests),
        };

        private List<LabelledScore> Labelled(Random random, int requests)
        {
            var n = (int)Draws.Binomial(random, requests, v.LabelledShare);
            var pairs = new List<LabelledScore>(n);
            for (var i = 0; i < n; i++)
            {
                if (scenario.RegressionLabels)
                {
                    var label = Normal.Sample(random, 0, 1);
                    pairs.Add(new LabelledScore((float)label, (float)(label + Normal.Sample(random, v.ErrorBias, v.ErrorSd))));
                }
                else
                {
                    pairs.Add(new LabelledScore(1f, (float)Beta.Sample(random, v.TrueClassAlpha, v.TrueClassBeta)));
                }
            }
            return pairs;
        }

        private static double[] Probabilities(double[] bounds, Func<double, double> cdf)
        {
            var p = new double[bounds.Length + 1];
            var below = 0.0;
            for (var i = 0; i < bounds.Length; i++)
            {
                var at = cdf(bounds[i]);
                p[i] = Math.Max(0, at - below);
                below = Math.Max(below, at);
            }
            p[^1] = Math.Max(0, 1 - below);
            return p;
        }
    }
}
