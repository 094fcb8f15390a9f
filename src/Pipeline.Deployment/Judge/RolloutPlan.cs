using System.Globalization;

namespace Pipeline.Deployment.Judge;

/// <summary>What the rollout expects at the traffic it observed before the first step: each step's weight, evidence and duration, against the time budget.</summary>
public sealed record RolloutPlan
{
    /// <summary>Requests per second stable served while the plan was made, and the error rate it showed.</summary>
    public required double RequestsPerSecond { get; init; }
    public required double StableErrorRate { get; init; }
    public required IReadOnlyList<PlannedStep> Steps { get; init; }
    public required TimeSpan Budget { get; init; }

    /// <summary>How long stable was watched to make the plan (part of the rollout's time, before the first step).</summary>
    public TimeSpan ObservedFor { get; init; }

    /// <summary>Expected seconds to promote an identical canary (+∞ without canary traffic).</summary>
    public double ExpectedSeconds => Steps.Sum(s => s.ExpectedSeconds);

    public bool FitsBudget => ExpectedSeconds <= Budget.TotalSeconds;

    /// <summary>The weights the judge runs: the planned steps, then 100 (promotion).</summary>
    public IReadOnlyList<double> Weights => [.. Steps.Select(s => s.Weight), 100];

    /// <summary>Seconds from the first step until the canary requests reach <paramref name="sampleMargin"/> × the expected sample to roll back
    /// a canary at the detectable error-rate effect, or null when the steps' windows within the budget hold fewer (an undecided test carries
    /// its evidence into the next step). A margin of 2 stands for "decided in ~95 % of rollouts": the sample size of a sequential test has a
    /// long right tail, its 95th percentile about twice its mean.</summary>
    public double? DetectionSeconds(double sampleMargin = 1)
    {
        double before = 0, requests = 0;
        foreach (var step in Steps)
        {
            var detect = before + (sampleMargin * step.DetectRequests - requests) / step.CanaryRate;
            if (detect <= before + step.WindowSeconds) return detect <= Budget.TotalSeconds ? detect : null;
            before += step.WindowSeconds;
            requests += step.WindowSeconds * step.CanaryRate;
            if (before > Budget.TotalSeconds) return null;
        }
        return null;
    }

    /// <summary>The plan as console lines: the observed rate, each step, and what to expect against the budget.</summary>
    public IEnumerable<string> Describe()
    {
        yield return Invariant($"plan: stable serves {RequestsPerSecond:0.#} requests/s ({StableErrorRate:0.###%} errors); rollout budget {Duration(Budget.TotalSeconds)}");
        foreach (var s in Steps)
        {
            var raised = s.Raised ? Invariant($" (raised from {s.PolicyWeight:0.#} % by maxStepWeight, to reach its evidence sooner)") : "";
            yield return Invariant(
                $"  step {s.Weight:0.#} %{raised}: {s.CanaryRate:0.##} canary requests/s; needs {s.MinimumRequests} requests, tests expect to accept after ~{s.AcceptRequests:0} → ~{Duration(s.ExpectedSeconds)}");
        }
        yield return FitsBudget
            ? Invariant($"  expected promotion of a healthy canary after ~{Duration(ExpectedSeconds)}, within the budget")
            : $"  a healthy canary needs ~{Duration(ExpectedSeconds)}, more than the budget: expect an inconclusive result unless traffic rises " +
              "(raise rollout.maxRolloutMinutes, rollout.maxStepWeight or the first step's weight)";
    }

    private static string Duration(double seconds) =>
        double.IsInfinity(seconds) ? "never (no canary traffic)"
        : seconds < 120 ? Invariant($"{seconds:0} s")
        : seconds < 7200 ? Invariant($"{seconds / 60:0.#} min")
        : Invariant($"{seconds / 3600:0.#} h");

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
