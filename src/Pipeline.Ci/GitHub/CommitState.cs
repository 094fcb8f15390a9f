namespace Pipeline.Ci.GitHub;

/// <summary>State of a commit status, as GitHub's REST API spells it in lower case.</summary>
public enum CommitState
{
    Pending,
    Success,
    Failure,
    Error,
}
