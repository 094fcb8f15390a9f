namespace Pipeline.Deployment.Judge;

/// <summary>Plans the canary steps from the traffic observed before the first one and the policy (steps, minimum requests, detectable
/// effects, error budget): how many canary requests each step needs, how long that takes, and which steps to raise within <see cref="JudgeSettings.MaxStepWeight"/>.</summary>
public static class RolloutPlanner
{
    public static RolloutPlan Plan(JudgeSettings settings, double requestsPerSecond, double stableErrorRate)
    {
        // The judge's H0 is an upper bound of stable's rate, which sits above the rate by ~z·√(p/n) for n stable requests; H1 follows a lower bound.
        // The expected samples are those of the test the judge runs: H0 at the bound stable's sample will give by the time the doubled
        // canary is expected to be caught (stable serves at least half the traffic while a step below 100 % is judged), found by iterating.
        var plan = Plan(settings, requestsPerSecond, stableErrorRate, settings.ErrorHypotheses(stableErrorRate));
        for (var i = 0; i < 4 && requestsPerSecond > 0 && stableErrorRate > 0; i++)
        {
            var seconds = plan.DetectionSeconds() ?? plan.Budget.TotalSeconds;
            var stableRequests = (long)Math.Max(1, requestsPerSecond * seconds / 2);
            var errors = (long)Math.Round(stableErrorRate * stableRequests);
            var bound = CanaryJudge.WilsonUpper(errors, stableRequests, CanaryJudge.BoundZ);
            var lower = CanaryJudge.WilsonLower(errors, stableRequests, CanaryJudge.EstimateZ);
            plan = Plan(settings, requestsPerSecond, stableErrorRate, settings.ErrorHypotheses(Math.Max(bound, stableErrorRate), Math.Min(lower, stableErrorRate)));
        }
        return plan;
    }

    private static RolloutPlan Plan(JudgeSettings settings, double requestsPerSecond, double stableErrorRate, (double P0, double P1) hypotheses)
    {
        var rate = Math.Max(0, requestsPerSecond);
        var (p0, p1) = hypotheses;
        var truth = Math.Max(settings.ErrorRateFloor, stableErrorRate);
        var faulty = Math.Min(0.999, Math.Max(truth * settings.ErrorRateRatio, truth + settings.ErrorRateIncrease));
        double Accept(double beta) => Math.Max(settings.MinScoreSamples, Math.Max(
            BernoulliSprt.ExpectedTrials(settings.TestAlpha, beta, p0, p1, truth),
            BernoulliSprt.ExpectedTrials(settings.TestAlpha, settings.Beta, settings.LatencyH0Share, settings.LatencyH1Share, settings.LatencyH0Share)));
        var detect = BernoulliSprt.ExpectedTrials(settings.TestAlpha, settings.Beta, p0, p1, faulty);
        var maxStep = settings.MaxStepDuration.TotalSeconds;
        var policy = settings.Steps.Where(w => w < 100).ToList();
        var steps = new List<PlannedStep>();
        var carried = 0.0;   // canary requests of earlier undecided steps, which the tests carry into this one
        for (var i = 0; i < policy.Count; i++)
        {
            var weight = Raise(settings, policy[i], i + 1 < policy.Count ? policy[i + 1] : 100, rate);
            var canaryRate = rate * weight / 100;
            var minimum = settings.MinRequestsPerStep / canaryRate;
            var last = i == policy.Count - 1;
            // The promoting step's error test runs at the smaller β (JudgeSettings.PromotingBeta).
            var accept = Accept(last ? settings.PromotingBeta : settings.Beta);
            var toAccept = Math.Max(0, accept - carried) / canaryRate;
            // A middle step passes at its nominal maximum once it has its minimum requests; the last one waits for the tests to accept.
            var expected = Math.Max(minimum, last ? toAccept : Math.Min(toAccept, maxStep));
            carried = toAccept <= expected ? 0 : carried + expected * canaryRate;
            steps.Add(new PlannedStep
            {
                PolicyWeight = policy[i],
                Weight = weight,
                CanaryRate = canaryRate,
                MinimumRequests = settings.MinRequestsPerStep,
                AcceptRequests = accept,
                DetectRequests = detect,
                ExpectedSeconds = expected,
                WindowSeconds = last ? double.PositiveInfinity : Math.Max(minimum, maxStep),
            });
        }
        return new RolloutPlan { RequestsPerSecond = rate, StableErrorRate = stableErrorRate, Steps = steps, Budget = settings.MaxRolloutDuration };
    }

    /// <summary>A step too thin to reach its minimum requests within its nominal maximum is raised, as far as needed and as the policy allows,
    /// but never above the next step's weight, so the steps still only go up.</summary>
    private static double Raise(JudgeSettings settings, double weight, double next, double rate)
    {
        if (settings.MaxStepWeight <= weight || rate <= 0) return weight;
        var needed = Math.Ceiling(1000.0 * settings.MinRequestsPerStep / (rate * settings.MaxStepDuration.TotalSeconds)) / 10;
        if (needed <= weight) return weight;
        return Math.Max(weight, Math.Min(Math.Min(needed, settings.MaxStepWeight), next));
    }
}
