namespace Pipeline.Deployment.Tests.Release;

/// <summary>Release scenarios judge latency relative to stable on real processes; run alone so other tests' servers do not blur the signal
/// (seen: +200 ms canary promoted while the whole project ran in parallel on 2 cores).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ReleaseCollection
{
    public const string Name = "release scenarios";
}
