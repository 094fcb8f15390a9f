using System.Net;
using System.Text.RegularExpressions;
using Octokit;

namespace Pipeline.Ci.GitHub;

public sealed partial class GitHubStatusClient
{
    private const string TokenHint =
        "In GitHub Actions pass the token to the step (env GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}) and grant `permissions: statuses: write` " +
        "(the generated .github/workflows/pipeline.yml does both); elsewhere use a token with the repo:status scope (fine-grained: Commit statuses: Read and write).";

    private GitHubApiException Failure(ApiException error, string repository, string sha, string context, int attempts)
    {
        var response = error.HttpResponse;
        var message = error.ApiError?.Message ?? "";
        var code = (int)error.StatusCode;
        var said = $"{code} {Reason(error.StatusCode)}" + (message.Length > 0 ? $": {message}" : "");
        var what = $"posting commit status {context} to {repository}@{Short(sha)}";
        if (response is not null && RateLimit.IsRateLimited(response))
        {
            var wait = RateLimit.Wait(response, _time.GetUtcNow());
            var after = attempts > 1 ? $" after {attempts} attempts" : "";
            return new GitHubApiException(
                $"GitHub rate-limited {what}{after} ({said}) and asks to wait {wait.TotalSeconds:0} s (until {_time.GetUtcNow() + wait:yyyy-MM-dd HH:mm:ss} UTC), " +
                $"longer than the {_options.MaxRateLimitWait.TotalSeconds:0} s this build waits. Re-run the job later, or use a token with its own rate limit.",
                error.StatusCode, isPermanent: false);
        }
        return error.StatusCode switch
        {
            HttpStatusCode.Unauthorized => new GitHubApiException(
                $"GitHub rejected the token {what} ({said}): it is missing, expired or revoked. {TokenHint}", error.StatusCode, isPermanent: true),
            HttpStatusCode.Forbidden => new GitHubApiException(
                $"GitHub refused {what} ({said}): the token may not write commit statuses. It needs `statuses: write` in the workflow's permissions, " +
                $"or the repo:status scope. Pull requests from forks only get a read-only GITHUB_TOKEN. {TokenHint}", error.StatusCode, isPermanent: true),
            HttpStatusCode.NotFound => new GitHubApiException(
                $"GitHub answered {said} {what}: the repository {repository} does not exist or the token cannot see it (GitHub answers 404, not 403, " +
                $"for private repositories the token has no access to). Check GITHUB_REPOSITORY / --github-repository, and that the token has `statuses: write` " +
                "(repo:status) on that repository.", error.StatusCode, isPermanent: true),
            HttpStatusCode.UnprocessableEntity => new GitHubApiException(
                $"GitHub rejected {what} ({said}): usually the commit {sha} is not in {repository}. Check GITHUB_SHA / --github-sha " +
                "(in a pull request it is the head commit from GITHUB_EVENT_PATH).", error.StatusCode, isPermanent: false),
            _ when code >= 500 => new GitHubApiException(
                $"GitHub failed {what} with {said} on all {attempts} attempts; it may be degraded (https://www.githubstatus.com). Re-run the job later.",
                error.StatusCode, isPermanent: false),
            _ => new GitHubApiException($"GitHub refused {what} ({said}).", error.StatusCode, isPermanent: false),
        };
    }

    /// <summary>The HTTP reason phrase from the status name (BadGateway → Bad Gateway).</summary>
    private static string Reason(HttpStatusCode status) => Regex.Replace(status.ToString(), "(?<=[a-z])(?=[A-Z])", " ");
}
