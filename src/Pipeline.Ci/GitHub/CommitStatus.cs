namespace Pipeline.Ci.GitHub;

/// <summary>One commit status: <c>POST /repos/{owner}/{repo}/statuses/{sha}</c> with state, context, description and link.</summary>
public sealed record CommitStatus
{
    public required CommitState State { get; init; }

    /// <summary>Check name shown on the pull request, e.g. <c>pipeline/EvaluateGate</c>.</summary>
    public required string Context { get; init; }

    /// <summary>One line, at most 140 characters, with the deciding number.</summary>
    public required string Description { get; init; }

    /// <summary>Link behind "Details": the CI run with its job summary.</summary>
    public string? TargetUrl { get; init; }
}
