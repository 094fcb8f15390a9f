namespace Pipeline.Deployment.Judge;

/// <summary>What one judge instance watches; each stage is a separate sequential test with its own share of the error budget.</summary>
public enum JudgeStage
{
    /// <summary>Canary steps: the candidate takes a share of user traffic; passing the last judged step promotes it.</summary>
    Canary,

    /// <summary>The candidate answers mirrored copies only (users get stable's answer); passing ends the stage with <see cref="JudgeAction.Pass"/>.</summary>
    Shadow,

    /// <summary>Blue-green bake: the new stable takes all traffic, judged against the old stable's pre-switch baseline for a fixed window.</summary>
    Bake,
}
