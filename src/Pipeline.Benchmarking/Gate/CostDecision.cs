namespace Pipeline.Benchmarking.Gate;

/// <summary>Where the interval of the candidate's extra cost lies relative to the allowed regression.</summary>
public enum CostDecision
{
    /// <summary>The whole interval is above the limit: the candidate is costlier than allowed.</summary>
    Regressed,

    /// <summary>The whole interval is at or below the limit.</summary>
    WithinLimit,

    /// <summary>The interval straddles the limit: more rounds would tell.</summary>
    Undecided,
}
