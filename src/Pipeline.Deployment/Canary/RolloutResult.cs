using Pipeline.Deployment.Judge;

namespace Pipeline.Deployment.Canary;

/// <summary>How a rollout ended: the final decision and every step decision on the way.</summary>
public sealed record RolloutResult(JudgeDecision Final, IReadOnlyList<JudgeDecision> Steps, TimeSpan Duration)
{
    /// <summary>The candidate is stable at the end: promoted after the canary steps, or kept after a blue-green bake (final <see cref="JudgeAction.Pass"/>).</summary>
    public bool Promoted => Final.Action is JudgeAction.Promote or JudgeAction.Pass;
}
