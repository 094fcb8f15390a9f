using System.Net;
using Octokit;
using Octokit.Internal;
using Polly;
using Polly.Retry;

namespace Pipeline.Ci.GitHub;

/// <summary>
/// Posts commit statuses through Octokit (<c>POST /repos/{owner}/{repo}/statuses/{sha}</c>), retrying 5xx and network
/// errors with exponential backoff and secondary rate limits after the wait GitHub names. The API root is taken as
/// given (<c>https://api.github.com</c>, or a GitHub Enterprise Server's <c>https://host/api/v3</c> from
/// <c>GITHUB_API_URL</c>): the client is built on <c>new Connection(product, uri, …)</c>, which, unlike
/// <c>new GitHubClient(product, uri)</c>, does not rewrite a non-github.com address to <c>&lt;host&gt;/api/v3/</c>.
/// </summary>
public sealed partial class GitHubStatusClient : ICommitStatusPoster
{
    private readonly GitHubClient _github;
    private readonly Uri _apiUrl;
    private readonly TimeProvider _time;
    private readonly GitHubRetryOptions _options;
    private readonly ResiliencePipeline _pipeline;
    private int _attempts;

    /// <param name="http">Supplies the handler settings for Octokit's own HttpClient (proxy, certificates); not disposed here.</param>
    /// <param name="apiUrl">API root, e.g. <c>https://api.github.com</c> or <c>GITHUB_API_URL</c> (GitHub Enterprise: <c>https://host/api/v3</c>).</param>
    /// <param name="token">Token with <c>statuses: write</c> (Actions) or the <c>repo:status</c> scope; sent as a Bearer token, never written anywhere.</param>
    public GitHubStatusClient(HttpClient http, Uri apiUrl, string token, TimeProvider? time = null, GitHubRetryOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        ArgumentNullException.ThrowIfNull(http);
        _apiUrl = apiUrl.AbsoluteUri.EndsWith('/') ? apiUrl : new Uri(apiUrl.AbsoluteUri + "/");
        _time = time ?? TimeProvider.System;
        _options = options ?? new GitHubRetryOptions();
        var connection = new Connection(new ProductHeaderValue("pipeline-ci", "1.0"), _apiUrl,
            new InMemoryCredentialStore(new Credentials(token, AuthenticationType.Bearer)),
            new HttpClientAdapter(() => new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.All }), new SimpleJsonSerializer());
        connection.SetRequestTimeout(_options.AttemptTimeout);
        _github = new GitHubClient(connection);
        _pipeline = BuildPipeline();
    }

    /// <summary>Number of HTTP attempts made so far by this client, over all posts (first tries and retries).</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    public async Task PostAsync(string repository, string sha, CommitStatus status, CancellationToken cancellationToken = default)
    {
        var (owner, repo) = SplitRepository(repository);
        if (!ShaPattern().IsMatch(sha))
            throw new ArgumentException($"Commit \"{sha}\" is not a full hex sha (40 or 64 characters); pass the full sha (GITHUB_SHA or --github-sha).", nameof(sha));
        var body = new NewCommitStatus
        {
            State = status.State switch
            {
                CommitState.Pending => Octokit.CommitState.Pending,
                CommitState.Success => Octokit.CommitState.Success,
                CommitState.Failure => Octokit.CommitState.Failure,
                _ => Octokit.CommitState.Error,
            },
            TargetUrl = status.TargetUrl,
            Description = status.Description,
            Context = status.Context,
        };
        var attempts = 0;
        try
        {
            await _pipeline.ExecuteAsync(async ct =>
            {
                attempts++;
                Interlocked.Increment(ref _attempts);
                try
                {
                    // Octokit's calls take no cancellation token: the attempt is abandoned after its timeout (the HttpClient's own timeout ends it).
                    await _github.Repository.Status.Create(owner, repo, sha, body).WaitAsync(_options.AttemptTimeout, _time, ct);
                }
                catch (TimeoutException e)
                {
                    throw new HttpRequestException($"no answer within {_options.AttemptTimeout.TotalSeconds:0} s", e);
                }
                catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
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
        catch (ApiException e)
        {
            throw Failure(e, repository, sha, status.Context, attempts);
        }
    }

    private ResiliencePipeline BuildPipeline() =>
        new ResiliencePipelineBuilder { TimeProvider = _time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = _options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                Delay = _options.BaseDelay,
                UseJitter = false,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome.Exception)),
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Exception is ApiException { HttpResponse: { } r } && RateLimit.IsRateLimited(r)
                    ? RateLimit.Wait(r, _time.GetUtcNow())
                    : (TimeSpan?)null),
            })
            .Build();

    private bool ShouldRetry(Exception? exception)
    {
        if (exception is HttpRequestException) return true;
        if (exception is not ApiException { HttpResponse: { } response }) return false;
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

    internal static string Short(string sha) => sha.Length > 12 ? sha[..12] : sha;

    [System.Text.RegularExpressions.GeneratedRegex("^([0-9a-f]{40}|[0-9a-f]{64})$")]
    private static partial System.Text.RegularExpressions.Regex ShaPattern();
}
