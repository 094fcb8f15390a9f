namespace Pipeline.Deployment.Judge;

/// <summary>How a candidate reaches production (model.yaml <c>rollout.strategy</c>).</summary>
public enum RolloutStrategy
{
    /// <summary><c>canary</c>: weighted steps under the judge, then promotion.</summary>
    Canary,

    /// <summary><c>blue-green</c>: verified in shadow at 0 %, switched 0 → 100 % at once, judged in a bake window with instant switch-back.</summary>
    BlueGreen,

    /// <summary><c>shadow-then-canary</c>: judged on mirrored traffic first (users never see it), then the canary steps.</summary>
    ShadowThenCanary,
}
