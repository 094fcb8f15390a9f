namespace Pipeline.Registry.Events;

/// <summary>Well-known event actions; the set is open, any lower-case kebab name is accepted.</summary>
public static class DeploymentActions
{
    public const string Register = "register";
    public const string SetAlias = "set-alias";
    public const string CanaryStart = "canary-start";
    public const string CanaryStep = "canary-step";

    /// <summary>A rollout's budget ran out with no breach and too little evidence; the canary may still run (held).</summary>
    public const string CanaryInconclusive = "canary-inconclusive";
    public const string Promote = "promote";
    public const string Rollback = "rollback";
    public const string Down = "down";
    public const string LockBroken = "lock-broken";

    /// <summary>ScoreBatch wrote a batch of predictions (evidence: a <c>PatternUse</c>).</summary>
    public const string BatchScore = "batch-score";

    /// <summary>PackageNuGet wrote the model's NuGet package.</summary>
    public const string PackageNuGet = "package-nuget";

    /// <summary>A queue consumer of the model server started or stopped.</summary>
    public const string Consumer = "consumer";
}
