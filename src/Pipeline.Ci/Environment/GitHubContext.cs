using System.Text.Json;

namespace Pipeline.Ci.Environment;

/// <summary>What a build needs to know about the GitHub repository and commit it reports to.</summary>
public sealed record GitHubContext
{
    public required Uri ApiUrl { get; init; }

    /// <summary><c>owner/name</c>; null when neither GITHUB_REPOSITORY nor a parameter names it.</summary>
    public string? Repository { get; init; }

    /// <summary>The commit statuses go to: the pull request's head, else GITHUB_SHA, else the parameter.</summary>
    public string? Sha { get; init; }

    /// <summary>True for pull_request / pull_request_target events.</summary>
    public bool IsPullRequest { get; init; }

    /// <summary>Link to the run (its job summary): <c>{GITHUB_SERVER_URL}/{repo}/actions/runs/{GITHUB_RUN_ID}</c>.</summary>
    public string? RunUrl { get; init; }

    /// <summary>Reads the Actions environment; explicit values (parameters) win over it.</summary>
    public static GitHubContext FromEnvironment(Func<string, string?> environment, string? repository = null, string? sha = null, string? apiUrl = null)
    {
        var eventName = environment("GITHUB_EVENT_NAME");
        var isPullRequest = eventName is "pull_request" or "pull_request_target";
        repository = NullIfEmpty(repository) ?? NullIfEmpty(environment("GITHUB_REPOSITORY"));
        // In a pull request GITHUB_SHA is the merge commit GitHub made; reviewers see statuses on the head commit.
        sha = NullIfEmpty(sha) ?? (isPullRequest ? PullRequestHead(environment("GITHUB_EVENT_PATH")) : null) ?? NullIfEmpty(environment("GITHUB_SHA"));
        var server = NullIfEmpty(environment("GITHUB_SERVER_URL")) ?? "https://github.com";
        var runId = NullIfEmpty(environment("GITHUB_RUN_ID"));
        return new GitHubContext
        {
            ApiUrl = new Uri(NullIfEmpty(apiUrl) ?? NullIfEmpty(environment("GITHUB_API_URL")) ?? "https://api.github.com"),
            Repository = repository,
            Sha = sha,
            IsPullRequest = isPullRequest,
            RunUrl = repository is not null && runId is not null ? $"{server.TrimEnd('/')}/{repository}/actions/runs/{runId}" : null,
        };
    }

    /// <summary><c>pull_request.head.sha</c> of the event payload, or null when the file is absent or has none.</summary>
    public static string? PullRequestHead(string? eventPath)
    {
        if (string.IsNullOrEmpty(eventPath) || !File.Exists(eventPath)) return null;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(eventPath));
            return doc.RootElement.TryGetProperty("pull_request", out var pr) && pr.TryGetProperty("head", out var head) &&
                   head.TryGetProperty("sha", out var sha) && sha.ValueKind == JsonValueKind.String
                ? sha.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
