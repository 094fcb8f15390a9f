using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Pipeline.Packaging.Registry;

/// <summary>
/// Client for the OCI Distribution (Registry HTTP API v2): blobs, manifests, push and pull by digest. Answers 401 by
/// following the <c>WWW-Authenticate</c> challenge: Bearer (token from the realm, with Basic credentials when given)
/// or Basic. Loopback registries are spoken to over plain HTTP, everything else over HTTPS.
/// </summary>
public sealed partial class RegistryClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly RegistryCredentials? _credentials;
    private readonly bool? _plainHttp;
    private readonly ConcurrentDictionary<string, string> _tokens = new(StringComparer.Ordinal);

    public RegistryClient(RegistryCredentials? credentials = null, bool? plainHttp = null, HttpMessageHandler? handler = null)
    {
        _credentials = credentials;
        _plainHttp = plainHttp;
        _http = new HttpClient(handler ?? new SocketsHttpHandler { AllowAutoRedirect = true }) { Timeout = TimeSpan.FromMinutes(10) };
    }

    internal Uri BaseUri(string registry)
    {
        var host = registry.Split(':')[0];
        var plain = _plainHttp ?? host is "127.0.0.1" or "localhost" or "[::1]";
        return new Uri($"{(plain ? "http" : "https")}://{registry}/");
    }

    /// <summary>Sends a request built by <paramref name="build"/> (called again for the retry after authenticating).</summary>
    internal async Task<HttpResponseMessage> SendAsync(ImageReference image, string actions, Func<Uri, HttpRequestMessage> build,
        string what, CancellationToken ct, params HttpStatusCode[] tolerated)
    {
        var baseUri = BaseUri(image.Registry);
        var scope = $"repository:{image.Repository}:{actions}";
        var key = image.Registry + " " + scope;
        for (var attempt = 0; ; attempt++)
        {
            var request = build(baseUri);
            if (_tokens.TryGetValue(key, out var auth))
                request.Headers.Authorization = AuthenticationHeaderValue.Parse(auth);
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            }
            catch (HttpRequestException e)
            {
                throw new RegistryException($"Registry {image.Registry}: {what} could not connect ({e.Message}). Is the registry running at {baseUri}?");
            }
            finally
            {
                request.Dispose();
            }
            if (response.StatusCode == HttpStatusCode.Unauthorized && attempt == 0)
            {
                var challenge = AuthChallenge.Parse(response.Headers.WwwAuthenticate.ToString());
                response.Dispose();
                _tokens[key] = await AuthenticateAsync(image, challenge, scope, what, ct);
                continue;
            }
            if (response.IsSuccessStatusCode || tolerated.Contains(response.StatusCode))
                return response;
            using (response)
            {
                var body = await response.Content.ReadAsStringAsync(ct);
                var fix = response.StatusCode switch
                {
                    HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden =>
                        " Fix: check PIPELINE_REGISTRY_USERNAME/PIPELINE_REGISTRY_PASSWORD and that they may " + actions + " " + image.Repository + ".",
                    HttpStatusCode.NotFound => $" Fix: check the reference {image}.",
                    _ => "",
                };
                throw new RegistryException(
                    $"Registry {image.Registry}: {what} answered {(int)response.StatusCode} {response.StatusCode}: {Truncate(body)}.{fix}", response.StatusCode);
            }
        }
    }

    private async Task<string> AuthenticateAsync(ImageReference image, AuthChallenge? challenge, string scope, string what, CancellationToken ct)
    {
        if (challenge is null)
            throw new RegistryException($"Registry {image.Registry}: {what} answered 401 without a WWW-Authenticate challenge; cannot authenticate.",
                HttpStatusCode.Unauthorized);
        if (challenge.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            if (_credentials is null)
                throw new RegistryException($"Registry {image.Registry}: {what} needs Basic credentials. Fix: set PIPELINE_REGISTRY_USERNAME and PIPELINE_REGISTRY_PASSWORD.",
                    HttpStatusCode.Unauthorized);
            return "Basic " + BasicValue(_credentials);
        }
        if (!challenge.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase) || challenge.Realm is null)
            throw new RegistryException($"Registry {image.Registry}: unsupported authentication challenge '{challenge.Scheme}' (Bearer with a realm or Basic expected).",
                HttpStatusCode.Unauthorized);

        var query = new List<string>();
        if (challenge.Service is { } service)
            query.Add("service=" + Uri.EscapeDataString(service));
        query.Add("scope=" + Uri.EscapeDataString(scope));
        var tokenUri = challenge.Realm + (challenge.Realm.Contains('?') ? "&" : "?") + string.Join("&", query);
        using var request = new HttpRequestMessage(HttpMethod.Get, tokenUri);
        if (_credentials is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", BasicValue(_credentials));
        using var response = await _http.SendAsync(request, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
            throw new RegistryException(
                $"Registry {image.Registry}: token service {challenge.Realm} refused scope {scope} with {(int)response.StatusCode} {response.StatusCode}: {Truncate(body)}. " +
                "Fix: check PIPELINE_REGISTRY_USERNAME/PIPELINE_REGISTRY_PASSWORD.", response.StatusCode);
        using var doc = JsonDocument.Parse(body);
        var token = doc.RootElement.TryGetProperty("token", out var t) ? t.GetString()
            : doc.RootElement.TryGetProperty("access_token", out var a) ? a.GetString() : null;
        if (string.IsNullOrEmpty(token))
            throw new RegistryException($"Registry {image.Registry}: token service {challenge.Realm} answered without a token.");
        return "Bearer " + token;
    }

    private static string BasicValue(RegistryCredentials c) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{c.Username}:{c.Password}"));

    private static string Truncate(string text) => text.Length > 300 ? text[..300] + "…" : text.Trim();

    public void Dispose() => _http.Dispose();
}
