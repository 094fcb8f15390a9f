namespace Pipeline.Ci.Tests.Support;

/// <summary>A scripted answer the fake returns instead of handling a request: status, GitHub's JSON message, and headers.</summary>
public sealed record FakeGitHubFault(int Status, string Message, IReadOnlyDictionary<string, string>? Headers = null)
{
    public static FakeGitHubFault ServerError(int status = 502) => new(status, "Server Error");

    /// <summary>A secondary rate limit with <c>Retry-After</c>, as GitHub sends it (403 by default, sometimes 429).</summary>
    public static FakeGitHubFault RetryAfter(int seconds, int status = 403) =>
        new(status, "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
            new Dictionary<string, string> { ["retry-after"] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture) });

    /// <summary>The primary limit is used up: <c>x-ratelimit-remaining: 0</c> until <c>x-ratelimit-reset</c> (epoch seconds).</summary>
    public static FakeGitHubFault Exhausted(DateTimeOffset reset) =>
        new(403, "API rate limit exceeded for installation.", new Dictionary<string, string>
        {
            ["x-ratelimit-limit"] = "5000",
            ["x-ratelimit-remaining"] = "0",
            ["x-ratelimit-used"] = "5000",
            ["x-ratelimit-reset"] = reset.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["x-ratelimit-resource"] = "core",
        });

    /// <summary>A token without <c>statuses: write</c> (what Actions answers for a read-only GITHUB_TOKEN).</summary>
    public static FakeGitHubFault NoPermission() => new(403, "Resource not accessible by integration");
}
