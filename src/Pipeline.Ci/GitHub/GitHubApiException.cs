using System.Net;

namespace Pipeline.Ci.GitHub;

/// <summary>GitHub refused a request for a reason retrying does not fix (credentials, permissions, unknown repository or commit), or retries ran out.</summary>
public sealed class GitHubApiException(string message, HttpStatusCode? statusCode, bool isPermanent) : Exception(message)
{
    /// <summary>The last HTTP status GitHub answered with; null when no answer came (network error).</summary>
    public HttpStatusCode? StatusCode { get; } = statusCode;

    /// <summary>True for 401/403/404: further requests with the same token fail the same way.</summary>
    public bool IsPermanent { get; } = isPermanent;
}
