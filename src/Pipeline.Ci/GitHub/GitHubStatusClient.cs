using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Polly;
using Polly.Retry;

namespace Pipeline.Ci.GitHub;

/// <summary>
/// Posts commit statuses over GitHub's REST API (<c>POST /repos/{owner}/{repo}/statuses/{sha}</c>) with HttpClient,
/// retrying 5xx and network errors with exponential backoff and secondary rate limits after the wait GitHub names.
/// </summary>
public sealed partial class GitHubStatusClient : ICommitStatusPoster
{
    private readonly HttpClient _http;
    private readonly Uri _apiUrl;
    private readonly string _token;
    private readonly TimeProvider _time;
    private readonly GitHubRetryOptions _options;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private int _attempts;

    // Readable bodies (no \u003E for ">"): the description is shown to people and compared in tests.
    private static readonly JsonSerializerOptions BodyJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <param name="http">Client to send with; not disposed here.</param>
    /// <param name="apiUrl">API root, e.g. <c>https://api.github.com</c> or <c>GITHUB_API_URL</c>.</param>
    /// <param name="token">Token with <c>statuses: write</c> (Actions) or the <c>repo:status</c> scope; never written anywhere.</param>
    public GitHubStatusClient(HttpClient http, Uri apiUrl, string token, TimeProvider? time = null, GitHubRetryOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        _http = http;
        _apiUrl = apiUrl.AbsoluteUri.EndsWith('/') ? apiUrl : new Uri(apiUrl.AbsoluteUri + "/");
        _token = token;
        _time = time ?? TimeProvider.System;
        _options = options ?? new GitHubRetryOptions();
        _pipeline = BuildPipeline();
    }

    /// <summary>Number of HTTP attempts made so far by this client, over all posts (first tries and retries).</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    public async Task PostAsync(string repository, string sha, CommitStatus status, CancellationToken cancellationToken = default)
    {
        var (owner, repo) = SplitRepository(repository);
        if (!ShaPattern().IsMatch(sha))
            throw new ArgumentException($"Commit \"{sha}\" is not a full hex sha (40 or 64 characters); pass the full sha (GITHUB_SHA or --github-sha).", nameof(sha));
        var path = $"repos/{Uri.EscapeDataString(owner)}/{Uri.EscapeDataString(repo)}/statuses/{sha}";
        var body = JsonSerializer.Serialize(new StatusBody(status.State.ToString().ToLowerInvariant(), status.TargetUrl, status.Description, status.Context), BodyJson);
        HttpResponseMessage response;
        var attempts = 0;
        try
        {
            response = await _pipeline.ExecuteAsync(async ct =>
            {
                attempts++;
                Interlocked.Increment(ref _attempts);
                using var timeout = new CancellationTokenSource(_options.AttemptTimeout, _time);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
                using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_apiUrl, path));
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.github+json"));
                request.Headers.Add("X-GitHub-Api-Version", "2022-11-28");
                request.Headers.UserAgent.Add(new ProductInfoHeaderValue("pipeline-ci", "1.0"));
                request.Content = new StringContent(body, Encoding.UTF8, "application/json");
                try
                {
                    return await _http.SendAsync(request, linked.Token);
                }
                catch (OperationCanceledException e) when (timeout.IsCancellationRequested && !ct.IsCancellationRequested)
                {
                    throw new HttpRequestException($"no answer within {_options.AttemptTimeout.TotalSeconds:0} s", e);
                }
            }, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new GitHubApiException(
                $"Could not reach GitHub at {_apiUrl} to post {status.Context} on {repository}@{Short(sha)} after {attempts} attempts: {e.Message}. " +
                "Check GITHUB_API_URL and the network.", null, isPermanent: false);
        }
        using (response)
        {
            if (response.IsSuccessStatusCode) return;
            var message = await GitHubMessage(response, cancellationToken);
            throw Failure(response, message, repository, sha, status.Context, attempts);
        }
    }

    private ResiliencePipeline<HttpResponseMessage> BuildPipeline() =>
        new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = _time }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = _options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                Delay = _options.BaseDelay,
                UseJitter = false,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome)),
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result is { } r && RateLimit.IsRateLimited(r)
                    ? RateLimit.Wait(r, _time.GetUtcNow())
                    : (TimeSpan?)null),
                OnRetry = args =>
                {
                    args.Outcome.Result?.Dispose();
                    return default;
                },
            })
            .Build();

    private bool ShouldRetry(Outcome<HttpResponseMessage> outcome)
    {
        if (outcome.Exception is HttpRequestException) return true;
        if (outcome.Result is not { } response) return false;
        if ((int)response.StatusCode >= 500) return true;
        // A rate limit that resets later than we are willing to wait fails now, with the reset time in the message.
        return RateLimit.IsRateLimited(response) && RateLimit.Wait(response, _time.GetUtcNow()) <= _options.MaxRateLimitWait;
    }

    private static (string Owner, string Repo) SplitRepository(string repository)
    {
        var parts = repository.Split('/');
        if (parts.Length != 2 || parts.Any(string.IsNullOrWhiteSpace))
            throw new ArgumentException($"Repository \"{repository}\" is not owner/name; set GITHUB_REPOSITORY or --github-repository, e.g. octo-org/pipeline.", nameof(repository));
        return (parts[0], parts[1]);
    }

    private static async Task<string> GitHubMessage(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            using var doc = JsonDocument.Parse(text);
            return doc.RootElement.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "";
        }
        catch (JsonException)
        {
            return "";
        }
    }

    internal static string Short(string sha) => sha.Length > 12 ? sha[..12] : sha;

    private sealed record StatusBody(
        [property: System.Text.Json.Serialization.JsonPropertyName("state")] string State,
        [property: System.Text.Json.Serialization.JsonPropertyName("target_url"), System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? TargetUrl,
        [property: System.Text.Json.Serialization.JsonPropertyName("description")] string Description,
        [property: System.Text.Json.Serialization.JsonPropertyName("context")] string Context);

    [System.Text.RegularExpressions.GeneratedRegex("^([0-9a-f]{40}|[0-9a-f]{64})$")]
    private static partial System.Text.RegularExpressions.Regex ShaPattern();
}
