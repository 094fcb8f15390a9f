namespace Pipeline.Deployment.Release;

/// <summary>Exit codes of a release (<c>./build.sh DeployCanary</c>), so scripts tell the outcomes apart; 1 stays "a target failed", 2 "usage error".</summary>
public static class ReleaseExitCodes
{
    /// <summary>The judge found a breach: the canary was rolled back as faulty.</summary>
    public const int RolledBack = 3;

    /// <summary>The budget ran out with no breach and too little evidence: held (default), or rolled back / promoted by <c>onInconclusive</c>.</summary>
    public const int Inconclusive = 4;
}
