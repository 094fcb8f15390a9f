using Pipeline.Deployment.Judge;

namespace Pipeline.Deployment.Canary;

/// <summary>How a rollout ended: the final decision and every step decision on the way.</summary>
public sealed record RolloutResult(JudgeDecision Final, IReadOnlyList<JudgeDecision> Steps, TimeSpan Duration)
{
    public bool Promoted => Final.Action == JudgeAction.Promote;
}
