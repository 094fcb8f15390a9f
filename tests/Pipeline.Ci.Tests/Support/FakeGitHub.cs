using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Pipeline.Ci.Tests.Support;

/// <summary>
/// GitHub's commit-status endpoints on Kestrel (127.0.0.1, ephemeral port): <c>POST /repos/{owner}/{repo}/statuses/{sha}</c> and
/// <c>GET /repos/{owner}/{repo}/commits/{ref}/statuses</c>, with GitHub's status codes, error bodies and rate-limit headers.
/// It records every request and can answer the next ones with scripted faults (5xx, rate limits, missing permission).
/// </summary>
public sealed class FakeGitHub : IAsyncDisposable
{
    private static readonly HashSet<string> States = ["error", "failure", "pending", "success"];
    private readonly WebApplication _app;
    private readonly string _token;
    private readonly string _repository;
    private readonly HashSet<string> _commits;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly ConcurrentQueue<FakeGitHubFault> _faults = new();
    private readonly ConcurrentDictionary<string, List<JsonElement>> _statuses = new();
    private readonly DateTimeOffset _reset = DateTimeOffset.UtcNow.AddHours(1);
    private int _nextId = 1;
    private int _remaining = 5000;

    private FakeGitHub(WebApplication app, string token, string repository, IEnumerable<string> commits)
    {
        _app = app;
        _token = token;
        _repository = repository;
        _commits = commits.ToHashSet();
    }

    /// <summary>API root to set as GITHUB_API_URL, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    public IReadOnlyList<RecordedRequest> Requests => _requests.ToList();

    public static async Task<FakeGitHub> StartAsync(string token, string repository, params string[] commits)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeGitHub(app, token, repository, commits);
        app.MapPost("/repos/{owner}/{repo}/statuses/{sha}", fake.CreateStatus);
        app.MapGet("/repos/{owner}/{repo}/commits/{reference}/statuses", fake.ListStatuses);
        await app.StartAsync();
        var address = app.Urls.Single();
        fake.BaseUrl = new Uri(address.EndsWith('/') ? address : address + "/");
        return fake;
    }

    public void EnqueueFault(FakeGitHubFault fault, int times = 1)
    {
        for (var i = 0; i < times; i++) _faults.Enqueue(fault);
    }

    /// <summary>Statuses stored for a commit, newest first, as GitHub lists them.</summary>
    public IReadOnlyList<JsonElement> StatusesOf(string sha) =>
        _statuses.TryGetValue(sha, out var list) ? list.AsEnumerable().Reverse().ToList() : [];

    private async Task CreateStatus(HttpContext http, string owner, string repo, string sha)
    {
        using var reader = new StreamReader(http.Request.Body);
        var body = await reader.ReadToEndAsync();
        var h = http.Request.Headers;
        _requests.Enqueue(new RecordedRequest(http.Request.Method, http.Request.Path + http.Request.QueryString, h.Authorization.FirstOrDefault(),
            h.Accept.FirstOrDefault(), h["X-GitHub-Api-Version"].FirstOrDefault(), h.UserAgent.FirstOrDefault(), h.ContentType.FirstOrDefault(), body));
        if (_faults.TryDequeue(out var fault))
        {
            foreach (var (name, value) in fault.Headers ?? new Dictionary<string, string>()) http.Response.Headers[name] = value;
            await Error(http, fault.Status, fault.Message);
            return;
        }
        if (!await Authorized(http)) return;
        if ($"{owner}/{repo}" != _repository)
        {
            await Error(http, 404, "Not Found");
            return;
        }
        if (!_commits.Contains(sha))
        {
            await Error(http, 422, $"No commit found for SHA: {sha}");
            return;
        }
        JsonElement request;
        try
        {
            request = JsonDocument.Parse(body).RootElement.Clone();
        }
        catch (JsonException)
        {
            await Error(http, 400, "Problems parsing JSON");
            return;
        }
        var state = request.TryGetProperty("state", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : "";
        var description = request.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
        if (!States.Contains(state) || description?.Length > 140)
        {
            await Error(http, 422, "Validation Failed");
            return;
        }
        var id = Interlocked.Increment(ref _nextId);
        var url = $"{BaseUrl}repos/{_repository}/statuses/{sha}";
        var created = JsonSerializer.SerializeToElement(new Dictionary<string, object?>
        {
            ["url"] = url,
            ["id"] = id,
            ["node_id"] = $"SC_{id}",
            ["state"] = state,
            ["description"] = description,
            ["target_url"] = request.TryGetProperty("target_url", out var t) ? t.GetString() : null,
            ["context"] = request.TryGetProperty("context", out var c) ? c.GetString() : "default",
            ["created_at"] = "2026-01-01T00:00:00Z",
            ["updated_at"] = "2026-01-01T00:00:00Z",
            ["creator"] = new Dictionary<string, object> { ["login"] = "github-actions[bot]", ["type"] = "Bot" },
        });
        _statuses.AddOrUpdate(sha, _ => [created], (_, list) => { lock (list) list.Add(created); return list; });
        RateHeaders(http);
        http.Response.StatusCode = 201;
        http.Response.Headers.Location = url;
        await http.Response.WriteAsJsonAsync(created);
    }

    private async Task ListStatuses(HttpContext http, string owner, string repo, string reference)
    {
        if (!await Authorized(http)) return;
        if ($"{owner}/{repo}" != _repository)
        {
            await Error(http, 404, "Not Found");
            return;
        }
        RateHeaders(http);
        await http.Response.WriteAsJsonAsync(StatusesOf(reference));
    }

    private async Task<bool> Authorized(HttpContext http)
    {
        var auth = http.Request.Headers.Authorization.FirstOrDefault();
        if (auth is null)
        {
            await Error(http, 401, "Requires authentication");
            return false;
        }
        if (auth != $"Bearer {_token}" && auth != $"token {_token}")
        {
            await Error(http, 401, "Bad credentials");
            return false;
        }
        return true;
    }

    private void RateHeaders(HttpContext http)
    {
        var remaining = Interlocked.Decrement(ref _remaining);
        http.Response.Headers["x-ratelimit-limit"] = "5000";
        http.Response.Headers["x-ratelimit-remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
        http.Response.Headers["x-ratelimit-used"] = (5000 - remaining).ToString(CultureInfo.InvariantCulture);
        http.Response.Headers["x-ratelimit-reset"] = _reset.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        http.Response.Headers["x-ratelimit-resource"] = "core";
    }

    private static async Task Error(HttpContext http, int status, string message)
    {
        http.Response.StatusCode = status;
        await http.Response.WriteAsJsonAsync(new Dictionary<string, string>
        {
            ["message"] = message,
            ["documentation_url"] = "https://docs.github.com/rest/commits/statuses#create-a-commit-status",
            ["status"] = status.ToString(CultureInfo.InvariantCulture),
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
