using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Pipeline.Gateway;
using Pipeline.Gateway.Admin;
using Pipeline.Gateway.Routing;

namespace Pipeline.Deployment.GatewayControl;

/// <summary>Client of the gateway's admin API (bearer token); a refused change comes back as a value with the gateway's reasons.</summary>
public sealed class GatewayAdminClient : IDisposable
{
    public const string TokenVariable = AdminToken.EnvironmentVariable;

    /// <summary>The variable naming a file that holds the token (how containers get it).</summary>
    public const string TokenFileVariable = AdminToken.FileVariable;

    private readonly HttpClient _http;

    public GatewayAdminClient(string gatewayEndpoint, string token)
    {
        _http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri(gatewayEndpoint), Timeout = TimeSpan.FromSeconds(10) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public async Task<RoutingTable> GetRoutingAsync(CancellationToken ct)
    {
        using var response = await _http.GetAsync("/admin/routing", ct);
        await EnsureAuthorizedAsync(response, ct);
        return (await response.Content.ReadFromJsonAsync<RoutingTable>(GatewayJson.Options, ct))!;
    }

    public async Task<RoutingChangeResult> PutRoutingAsync(RoutingTable table, long? expectedGeneration, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "/admin/routing") { Content = JsonContent.Create(table, options: GatewayJson.Options) };
        if (expectedGeneration is { } g) request.Headers.TryAddWithoutValidation("If-Match", g.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var response = await _http.SendAsync(request, ct);
        return await ReadChangeAsync(response, ct);
    }

    public Task<RoutingChangeResult> SetCanaryWeightAsync(double weight, string reason, CancellationToken ct) =>
        PostAsync("/admin/canary-weight", new WeightChange(weight, reason), ct);

    public Task<RoutingChangeResult> PromoteAsync(TimeSpan? bake, string reason, CancellationToken ct) =>
        PostAsync("/admin/promote", new PromoteRequest(bake?.TotalSeconds, reason), ct);

    public Task<RoutingChangeResult> RollbackAsync(string reason, CancellationToken ct) =>
        PostAsync("/admin/rollback", new RollbackRequest(reason), ct);

    public async Task<IReadOnlyList<UpstreamHealth>> GetHealthAsync(CancellationToken ct)
    {
        using var response = await _http.GetAsync("/admin/health", ct);
        await EnsureAuthorizedAsync(response, ct);
        return (await response.Content.ReadFromJsonAsync<List<UpstreamHealth>>(GatewayJson.Options, ct))!;
    }

    private async Task<RoutingChangeResult> PostAsync<T>(string path, T body, CancellationToken ct)
    {
        using var response = await _http.PostAsJsonAsync(path, body, GatewayJson.Options, ct);
        return await ReadChangeAsync(response, ct);
    }

    private static async Task<RoutingChangeResult> ReadChangeAsync(HttpResponseMessage response, CancellationToken ct)
    {
        await EnsureAuthorizedAsync(response, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (response.IsSuccessStatusCode)
            return new RoutingChangeResult(true, JsonSerializer.Deserialize<RoutingTable>(text, GatewayJson.Options)!, []);
        var refusal = JsonSerializer.Deserialize<Refusal>(text, GatewayJson.Options);
        return new RoutingChangeResult(false, refusal?.Current!, refusal?.Errors ?? [$"HTTP {(int)response.StatusCode}: {text}"])
        {
            Conflict = response.StatusCode == System.Net.HttpStatusCode.Conflict,
        };
    }

    private static async Task EnsureAuthorizedAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if ((int)response.StatusCode is 401 or 503)
            throw new InvalidOperationException(
                $"gateway admin API at {response.RequestMessage?.RequestUri?.GetLeftPart(UriPartial.Authority)} refused the request " +
                $"(HTTP {(int)response.StatusCode}): {await response.Content.ReadAsStringAsync(ct)} Set {TokenVariable} to the gateway's token.");
    }

    public void Dispose() => _http.Dispose();

    private sealed record Refusal(List<string> Errors, RoutingTable? Current);
}
