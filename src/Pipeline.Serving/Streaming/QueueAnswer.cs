namespace Pipeline.Serving.Streaming;

/// <summary>What the consumer does with one delivery when its group is committed.</summary>
internal sealed record QueueAnswer
{
    public required Delivery Request { get; init; }

    /// <summary>The status an HTTP client would get for the same body (200, 400, 422, 500).</summary>
    public int Status { get; init; } = 200;

    /// <summary>The answer's body: the HTTP answer (V1 predictions or a v2 infer response) or the HTTP error object; null: no answer (no id to answer with).</summary>
    public byte[]? Body { get; init; }

    /// <summary>JSON part's length of a v2 answer with binary outputs.</summary>
    public int? HeaderLength { get; init; }

    /// <summary>Why the request also goes to the dead-letter queue (<c>malformed</c>, <c>no_id</c>, <c>model_error</c>, <c>non_finite</c>); null: it does not.</summary>
    public string? DeadLetterCode { get; init; }

    /// <summary>The reason in words, as the dead-letter copy's <c>x-pipeline-reason</c> header carries it.</summary>
    public string? DeadLetterReason { get; init; }

    /// <summary>The model was too busy (queue full): give the request back to the broker, unanswered, for a later delivery.</summary>
    public bool Requeue { get; init; }
}
