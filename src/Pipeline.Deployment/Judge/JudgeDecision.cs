namespace Pipeline.Deployment.Judge;

/// <summary>What the judge decided after an observation, with every metric's evidence and a one-line reason.</summary>
public sealed record JudgeDecision
{
    public required JudgeAction Action { get; init; }

    /// <summary>What was judged: a canary step, the candidate in shadow (weight = mirror share), or a blue-green bake.</summary>
    public JudgeStage Stage { get; init; } = JudgeStage.Canary;

    /// <summary>Index into the policy's steps of the step that was judged.</summary>
    public required int StepIndex { get; init; }

    /// <summary>Canary weight of the judged step, and for <see cref="JudgeAction.Advance"/> the weight to move to.</summary>
    public required double StepWeightPercent { get; init; }
    public double? NextWeightPercent { get; init; }

    public required TimeSpan StepElapsed { get; init; }
    public required IReadOnlyList<MetricAssessment> Metrics { get; init; }
    public required string Reason { get; init; }

    public bool IsFinal => Action is JudgeAction.Promote or JudgeAction.Rollback or JudgeAction.Pass or JudgeAction.Inconclusive;
}

public enum JudgeAction
{
    Continue,
    Advance,
    Promote,
    Rollback,

    /// <summary>A shadow or bake stage ended without a breach: the controller moves on (canary steps, or keeps the switched version).</summary>
    Pass,

    /// <summary>A step reached its nominal maximum short of its minimum requests, with no breach: it goes on at its weight within the rollout's budget.</summary>
    Extend,

    /// <summary>The rollout's budget ran out with no breach and too little evidence: neither a pass nor a fault; the policy's <c>onInconclusive</c> decides.</summary>
    Inconclusive,
}
