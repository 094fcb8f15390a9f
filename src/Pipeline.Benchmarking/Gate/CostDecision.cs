namespace Pipeline.Benchmarking.Gate;

/// <summary>Where the interval of the candidate's extra cost lies relative to the allowed regression.</summary>
public enum CostDecision
{
    /// <summary>The whole fail interval (95 %) is above the limit: the candidate is costlier than allowed.</summary>
    Regressed,

    /// <summary>The whole reported interval (90 %) is at or below the limit.</summary>
    WithinLimit,

    /// <summary>Neither: the intervals straddle the limit, and more rounds would tell.</summary>
    Undecided,
}
