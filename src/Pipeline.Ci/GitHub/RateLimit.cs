using System.Globalization;
using System.Net;
using Octokit;

namespace Pipeline.Ci.GitHub;

/// <summary>Reads GitHub's rate-limit answers: 403/429 with <c>Retry-After</c>, or <c>x-ratelimit-remaining: 0</c> with <c>x-ratelimit-reset</c>.</summary>
internal static class RateLimit
{
    /// <summary>GitHub's advice when a secondary rate limit names no time: wait at least a minute.</summary>
    public static readonly TimeSpan DefaultWait = TimeSpan.FromMinutes(1);

    public static bool IsRateLimited(IResponse response) =>
        response.StatusCode == HttpStatusCode.TooManyRequests ||
        (response.StatusCode == HttpStatusCode.Forbidden && (Header(response, "retry-after") is not null || Header(response, "x-ratelimit-remaining") == "0"));

    /// <summary>How long GitHub asks the client to wait before the next request.</summary>
    public static TimeSpan Wait(IResponse response, DateTimeOffset now)
    {
        if (Header(response, "retry-after") is { } retryAfter)
        {
            if (long.TryParse(retryAfter, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)) return TimeSpan.FromSeconds(seconds);
            if (DateTimeOffset.TryParse(retryAfter, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)) return date > now ? date - now : TimeSpan.Zero;
        }
        if (Header(response, "x-ratelimit-remaining") == "0" &&
            long.TryParse(Header(response, "x-ratelimit-reset"), NumberStyles.None, CultureInfo.InvariantCulture, out var epoch))
        {
            var reset = DateTimeOffset.FromUnixTimeSeconds(epoch);
            // One second of margin: the reset time is whole seconds and the clocks may differ slightly.
            return reset > now ? reset - now + TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(1);
        }
        return DefaultWait;
    }

    public static string? Header(IResponse response, string name) =>
        response.Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}
