using Pipeline.Core.Verdicts;
using Pipeline.Deployment.Judge;

namespace Pipeline.Deployment.Release;

/// <summary>A release that did not promote, in the gates' verdict shape: each judged metric of the final decision, then the outcome.</summary>
public static class ReleaseVerdict
{
    public static Verdict From(ReleaseResult result, string gate = "DeployCanary") => new()
    {
        Gate = gate,
        Subject = $"{result.CanaryVersion} vs {result.StableVersion}",
        Checks = (result.Rollout?.Final.Metrics ?? []).Select(m => new Check
        {
            Metric = m.Metric,
            Observed = $"canary {m.Canary} vs stable {m.Stable}",
            Threshold = m.Threshold,
            SampleSize = m.CanarySamples,
            Outcome = m.Status switch { MetricStatus.Breached => CheckOutcome.Fail, MetricStatus.Healthy => CheckOutcome.Pass, _ => CheckOutcome.Info },
            Detail = m.Statistic,
        }).Append(new Check
        {
            Metric = "rollout", Observed = result.Kind == ReleaseKind.Inconclusive ? "inconclusive" : "rolled back", Threshold = "promote",
            Outcome = CheckOutcome.Fail, Detail = result.Rollout?.Final.Reason ?? result.Message,
        }).ToList(),
        Notes = [result.Message],
    };
}
