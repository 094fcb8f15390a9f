using Pipeline.Deployment.Judge;

namespace Pipeline.Deployment.Canary;

/// <summary>How a rollout ended: the final decision, every step decision on the way, and the plan made before the first step.</summary>
public sealed record RolloutResult(JudgeDecision Final, IReadOnlyList<JudgeDecision> Steps, TimeSpan Duration)
{
    public RolloutPlan? Plan { get; init; }

    /// <summary>What the policy does with an inconclusive rollout (applied only when <see cref="Conclusion"/> is inconclusive).</summary>
    public InconclusivePolicy OnInconclusive { get; init; } = InconclusivePolicy.Hold;

    /// <summary>The judge's verdict: promoted (or kept after a blue-green bake), rolled back on a breach, or inconclusive.</summary>
    public RolloutConclusion Conclusion => Final.Action switch
    {
        JudgeAction.Rollback => RolloutConclusion.RolledBack,
        JudgeAction.Inconclusive => RolloutConclusion.Inconclusive,
        _ => RolloutConclusion.Promoted,
    };

    /// <summary>The candidate is stable at the end: promoted by the judge, kept after a blue-green bake, or promoted by <c>onInconclusive: promote</c>.</summary>
    public bool Promoted => Conclusion == RolloutConclusion.Promoted
                            || (Conclusion == RolloutConclusion.Inconclusive && OnInconclusive == InconclusivePolicy.Promote);

    /// <summary>An inconclusive rollout held by the policy: the canary keeps its weight until Promote or Rollback by hand.</summary>
    public bool Held => Conclusion == RolloutConclusion.Inconclusive && OnInconclusive == InconclusivePolicy.Hold;
}

public enum RolloutConclusion
{
    Promoted,
    RolledBack,
    Inconclusive,
}
