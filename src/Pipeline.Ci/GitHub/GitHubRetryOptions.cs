namespace Pipeline.Ci.GitHub;

/// <summary>How the status client retries: 5xx and network errors with exponential backoff, secondary rate limits as GitHub asks.</summary>
public sealed record GitHubRetryOptions
{
    /// <summary>Retries after the first attempt.</summary>
    public int MaxRetries { get; init; } = 4;

    /// <summary>First backoff for 5xx/network errors; doubled on each retry.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait GitHub may ask for (Retry-After or x-ratelimit-reset) before the client gives up instead.</summary>
    public TimeSpan MaxRateLimitWait { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>Timeout of one attempt.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
