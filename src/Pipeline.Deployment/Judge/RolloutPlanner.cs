namespace Pipeline.Deployment.Judge;

/// <summary>Plans the canary steps from the traffic observed before the first one and the policy (steps, minimum requests, detectable
/// effects, error budget): how many canary requests each step needs, how long that takes, and which steps to raise within <see cref="JudgeSettings.MaxStepWeight"/>.</summary>
public static class RolloutPlanner
{
    public static RolloutPlan Plan(JudgeSettings settings, double requestsPerSecond, double stableErrorRate)
    {
        var rate = Math.Max(0, requestsPerSecond);
        var (p0, p1) = settings.ErrorHypotheses(stableErrorRate);
        var accept = Math.Max(settings.MinScoreSamples, Math.Max(
            BernoulliSprt.ExpectedTrials(settings.TestAlpha, settings.Beta, p0, p1, p0),
            BernoulliSprt.ExpectedTrials(settings.TestAlpha, settings.Beta, settings.LatencyH0Share, settings.LatencyH1Share, settings.LatencyH0Share)));
        var detect = BernoulliSprt.ExpectedTrials(settings.TestAlpha, settings.Beta, p0, p1, p1);
        var maxStep = settings.MaxStepDuration.TotalSeconds;
        var policy = settings.Steps.Where(w => w < 100).ToList();
        var steps = new List<PlannedStep>();
        var carried = 0.0;   // canary requests of earlier undecided steps, which the tests carry into this one
        for (var i = 0; i < policy.Count; i++)
        {
            var weight = Raise(settings, policy[i], i + 1 < policy.Count ? policy[i + 1] : 100, rate);
            var canaryRate = rate * weight / 100;
            var minimum = settings.MinRequestsPerStep / canaryRate;
            var toAccept = Math.Max(0, accept - carried) / canaryRate;
            var last = i == policy.Count - 1;
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
