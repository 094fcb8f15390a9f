using System.Net;
using System.Text.Json;
using Pipeline.Ci.GitHub;
using Pipeline.Ci.Tests.Support;

namespace Pipeline.Ci.Tests.GitHub;

public sealed class GitHubStatusClientTests : IAsyncLifetime
{
    private FakeGitHub _github = null!;
    private readonly HttpClient _http = new();
    private readonly InstantTimeProvider _time = new(Fixtures.Now, Fixtures.AttemptTimeout);

    public async Task InitializeAsync() => _github = await FakeGitHub.StartAsync(Fixtures.Token, Fixtures.Repository, Fixtures.HeadSha);

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _github.DisposeAsync();
    }

    private GitHubStatusClient Client(string token = Fixtures.Token) =>
        new(_http, _github.BaseUrl, token, _time, new GitHubRetryOptions { AttemptTimeout = Fixtures.AttemptTimeout });

    private static CommitStatus Status(CommitState state = CommitState.Success) => new()
    {
        State = state,
        Context = "pipeline/EvaluateGate",
        Description = "auc 0.912 >= 0.90; vs champion +0.004",
        TargetUrl = "https://github.com/octo-org/pipeline/actions/runs/42",
    };

    [Fact]
    public async Task PostAsync_Created_SendsExactRequest()
    {
        await Client().PostAsync(Fixtures.Repository, Fixtures.HeadSha, Status());

        var request = Assert.Single(_github.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal($"/repos/octo-org/pipeline/statuses/{Fixtures.HeadSha}", request.Path);
        Assert.Equal($"Bearer {Fixtures.Token}", request.Authorization);
        Assert.Contains("application/vnd.github", request.Accept);
        Assert.StartsWith("pipeline-ci/1.0", request.UserAgent);
        using (var body = JsonDocument.Parse(request.Body))
        {
            var b = body.RootElement;
            Assert.Equal("success", b.GetProperty("state").GetString());
            Assert.Equal("https://github.com/octo-org/pipeline/actions/runs/42", b.GetProperty("target_url").GetString());
            Assert.Equal("auc 0.912 >= 0.90; vs champion +0.004", b.GetProperty("description").GetString());
            Assert.Equal("pipeline/EvaluateGate", b.GetProperty("context").GetString());
        }
        var stored = Assert.Single(_github.StatusesOf(Fixtures.HeadSha));
        Assert.Equal("success", stored.GetProperty("state").GetString());
        Assert.Equal("auc 0.912 >= 0.90; vs champion +0.004", stored.GetProperty("description").GetString());
        Assert.Empty(_time.Delays);
    }

    [Fact]
    public async Task PostAsync_ServerErrors_RetriesWithExponentialBackoff()
    {
        _github.EnqueueFault(FakeGitHubFault.ServerError(502));
        _github.EnqueueFault(FakeGitHubFault.ServerError(503));
        _github.EnqueueFault(FakeGitHubFault.ServerError(500));

        await Client().PostAsync(Fixtures.Repository, Fixtures.HeadSha, Status(CommitState.Failure));

        Assert.Equal(4, _github.Requests.Count);
        Assert.All(_github.Requests, r => Assert.Equal(_github.Requests[0].Body, r.Body));
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)], _time.Delays);
        Assert.Equal("failure", Assert.Single(_github.StatusesOf(Fixtures.HeadSha)).GetProperty("state").GetString());
    }

    [Fact]
    public async Task PostAsync_ServerErrorsPersist_GivesUpAfterFiveAttempts()
    {
        var client = Client();
        await client.PostAsync(Fixtures.Repository, Fixtures.HeadSha, Status(CommitState.Pending));
        _github.EnqueueFault(FakeGitHubFault.ServerError(502), times: 10);

        var e = await Assert.ThrowsAsync<GitHubApiException>(() => client.PostAsync(Fixtures.Repository, Fixtures.HeadSha, Status()));

        Assert.Equal(6, _github.Requests.Count);
        Assert.Equal(6, client.Attempts);
        Assert.Equal(HttpStatusCode.BadGateway, e.StatusCode);
        Assert.False(e.IsPermanent);
        Assert.Contains("502 Bad Gateway: Server Error on all 5 attempts", e.Message);
        Assert.Equal([1, 2, 4, 8], _time.Delays.Select(d => d.TotalSeconds));
    }

    [Theory]
    [InlineData(403)]
    [InlineData(429)]
    public async Task PostAsync_SecondaryRateLimitWithRetryAfter_WaitsAsAsked(int status)
    {
        _github.EnqueueFault(FakeGitHubFault.RetryAfter(7, status));

        await Client().PostAsync(Fixtures.Repository, Fixtures.HeadSha, Status());

        Assert.Equal(2, _github.Requests.Count);
        Assert.Equal([TimeSpan.FromSeconds(7)], _time.Delays);
        Assert.Single(_github.StatusesOf(Fixtures.HeadSha));
    }

    [Fact]
    public async Task PostAsync_RateLimitRemainingZero_WaitsUntilReset()
    {
        _github.EnqueueFault(FakeGitHubFault.Exhausted(Fixtures.Now.AddSeconds(30)));

        await Client().PostAsync(Fixtures.Repository, Fixtures.HeadSha, Status());

        Assert.Equal(2, _github.Requests.Count);
        Assert.Equal([TimeSpan.FromSeconds(31)], _time.Delays);
    }

    [Fact]
    public async Task PostAsync_TooManyRequestsWithoutHeaders_WaitsOneMinute()
    {
        _github.EnqueueFault(new FakeGitHubFault(429, "Too Many Requests"));

        await Client().PostAsync(Fixtures.Repository, Fixtures.HeadSha, Status());

        Assert.Equal([TimeSpan.FromMinutes(1)], _time.Delays);
    }

    [Fact]
    public async Task PostAsync_RateLimitResetTooFarAway_FailsAtOnceWithResetTime()
    {
        _github.EnqueueFault(FakeGitHubFault.Exhausted(Fixtures.Now.AddHours(1)));

        var e = await Assert.ThrowsAsync<GitHubApiException>(() => Client().PostAsync(Fixtures.Repository, Fixtures.HeadSha, Status()));

        Assert.Single(_github.Requests);
        Assert.Empty(_time.Delays);
        Assert.False(e.IsPermanent);
        Assert.Contains("rate-limited", e.Message);
        Assert.Contains("until 2026-03-01 13:00:01 UTC", e.Message);
    }

    [Fact]
    public async Task PostAsync_BadToken_NamesTheFixAndDoesNotRetry()
    {
        var e = await Assert.ThrowsAsync<GitHubApiException>(() => Client("ghs_wrong").PostAsync(Fixtures.Repository, Fixtures.HeadSha, Status()));

        Assert.Single(_github.Requests);
        Assert.Equal(HttpStatusCode.Unauthorized, e.StatusCode);
        Assert.True(e.IsPermanent);
        Assert.Contains("401 Unauthorized: Bad credentials", e.Message);
        Assert.Contains("statuses: write", e.Message);
        Assert.DoesNotContain("ghs_wrong", e.Message);
    }

    [Fact]
    public async Task PostAsync_TokenWithoutPermission_NamesStatusesWrite()
    {
        _github.EnqueueFault(FakeGitHubFault.NoPermission());

        var e = await Assert.ThrowsAsync<GitHubApiException>(() => Client().PostAsync(Fixtures.Repository, Fixtures.HeadSha, Status()));

        Assert.Single(_github.Requests);
        Assert.True(e.IsPermanent);
        Assert.Contains("403 Forbidden: Resource not accessible by integration", e.Message);
        Assert.Contains("`statuses: write`", e.Message);
        Assert.Contains("repo:status", e.Message);
    }

    [Fact]
    public async Task PostAsync_UnknownRepository_NamesRepositoryAndPermission()
    {
        var e = await Assert.ThrowsAsync<GitHubApiException>(() => Client().PostAsync("octo-org/other", Fixtures.HeadSha, Status()));

        Assert.Single(_github.Requests);
        Assert.Equal(HttpStatusCode.NotFound, e.StatusCode);
        Assert.Contains("octo-org/other does not exist or the token cannot see it", e.Message);
        Assert.Contains("statuses: write", e.Message);
    }

    [Fact]
    public async Task PostAsync_UnknownCommit_NamesTheSha()
    {
        var e = await Assert.ThrowsAsync<GitHubApiException>(() => Client().PostAsync(Fixtures.Repository, Fixtures.MergeSha, Status()));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, e.StatusCode);
        Assert.Contains($"No commit found for SHA: {Fixtures.MergeSha}", e.Message);
        Assert.Contains("GITHUB_SHA", e.Message);
    }

    [Fact]
    public async Task PostAsync_Unreachable_RetriesThenExplains()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var client = new GitHubStatusClient(_http, new Uri($"http://127.0.0.1:{port}/"), Fixtures.Token, _time,
            new GitHubRetryOptions { AttemptTimeout = Fixtures.AttemptTimeout, MaxRetries = 2 });

        var e = await Assert.ThrowsAsync<GitHubApiException>(() => client.PostAsync(Fixtures.Repository, Fixtures.HeadSha, Status()));

        Assert.Equal(3, client.Attempts);
        Assert.Null(e.StatusCode);
        Assert.Contains("Could not reach GitHub", e.Message);
    }

    [Fact]
    public async Task ListStatuses_AfterPosts_NewestFirst()
    {
        var client = Client();
        await client.PostAsync(Fixtures.Repository, Fixtures.HeadSha, Status(CommitState.Pending));
        await client.PostAsync(Fixtures.Repository, Fixtures.HeadSha, Status(CommitState.Success));

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_github.BaseUrl, $"repos/{Fixtures.Repository}/commits/{Fixtures.HeadSha}/statuses"));
        request.Headers.Authorization = new("Bearer", Fixtures.Token);
        using var response = await _http.SendAsync(request);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(["success", "pending"], doc.RootElement.EnumerateArray().Select(s => s.GetProperty("state").GetString()));
        Assert.Equal("4997", response.Headers.GetValues("x-ratelimit-remaining").Single());
    }
}
