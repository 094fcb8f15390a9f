using Pipeline.Deployment.Judge;

namespace Pipeline.Deployment.Canary;

/// <summary>Records each judge decision with its evidence (registry event, console line) before it is acted on.</summary>
public interface IRolloutJournal
{
    Task RecordAsync(JudgeDecision decision, CancellationToken cancellationToken);

    /// <summary>The plan made from the observed traffic before the first step; printed, not an event.</summary>
    void Plan(RolloutPlan plan);

    /// <summary>Progress while collecting evidence; not an event.</summary>
    void Progress(JudgeDecision decision);
}
