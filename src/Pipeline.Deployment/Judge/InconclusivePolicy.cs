namespace Pipeline.Deployment.Judge;

/// <summary>What a rollout does when its time budget runs out with no breach and too little evidence to promote (model.yaml <c>rollout.onInconclusive</c>).</summary>
public enum InconclusivePolicy
{
    /// <summary><c>hold</c>: the canary keeps its weight; <c>./build.sh Promote</c> or <c>Rollback</c> finishes the release by hand.</summary>
    Hold,

    /// <summary><c>rollback</c>: traffic back to stable, reported as inconclusive, not as a faulty canary.</summary>
    Rollback,

    /// <summary><c>promote</c>: the canary becomes stable although the judge could not decide.</summary>
    Promote,
}
