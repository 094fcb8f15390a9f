namespace Pipeline.Serving.Protocol;

/// <summary>What scoring one validated request came to: the scores, or the HTTP status and message to answer with.</summary>
internal sealed record ScoreOutcome
{
    public float[]? Scores { get; init; }
    public int Status { get; init; } = 200;
    public string Message { get; init; } = "";
    public IReadOnlyList<FieldError>? Details { get; init; }

    /// <summary>The queue was full: tell the client when to retry.</summary>
    public bool RetryLater { get; init; }
}
