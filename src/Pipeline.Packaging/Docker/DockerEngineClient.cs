using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipeline.Packaging.Docker;

/// <summary>
/// Typed client for the Docker Engine HTTP API over the engine's unix socket (or plain TCP from <c>DOCKER_HOST</c>):
/// images (load, tag, inspect, remove), containers (create, start, logs, top, wait, stop, remove, list) and networks.
/// Paths are unversioned, so the engine answers in its own API version (1.41 for Debian's 20.10).
/// </summary>
public sealed partial class DockerEngineClient : IDisposable
{
    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNameCaseInsensitive = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly HttpClient _http;

    public DockerEndpoint Endpoint { get; }

    public DockerEngineClient(DockerEndpoint endpoint, TimeSpan? requestTimeout = null)
    {
        Endpoint = endpoint;
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        if (endpoint.SocketPath is { } socketPath)
        {
            handler.ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }
        _http = new HttpClient(handler)
        {
            BaseAddress = endpoint.TcpAddress ?? new Uri("http://docker/"),
            Timeout = requestTimeout ?? TimeSpan.FromMinutes(10),
        };
    }

    /// <summary>The engine named by <c>DOCKER_HOST</c>, else <c>/var/run/docker.sock</c>.</summary>
    public static DockerEngineClient FromEnvironment(Func<string, string?>? getEnvironment = null) =>
        new(DockerEndpoint.FromEnvironment(getEnvironment));

    /// <summary>True when an engine answers <c>/_ping</c> within the timeout; never throws for an absent engine.</summary>
    public async Task<bool> PingAsync(TimeSpan? timeout = null, CancellationToken ct = default)
    {
        if (Endpoint.SocketPath is { } path && !File.Exists(path))
            return false;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout ?? TimeSpan.FromSeconds(5));
        try
        {
            using var response = await _http.GetAsync("_ping", cts.Token);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or SocketException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary><c>GET /version</c>: engine and API versions.</summary>
    public Task<Models.EngineVersion> GetVersionAsync(CancellationToken ct = default) =>
        GetJsonAsync<Models.EngineVersion>("version", "version", ct);

    internal async Task<T> GetJsonAsync<T>(string path, string operation, CancellationToken ct)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, path), operation, ct);
        return await ReadJsonAsync<T>(response, operation, ct);
    }

    internal async Task<T?> GetJsonOrNullAsync<T>(string path, string operation, CancellationToken ct) where T : class
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, path), operation, ct, HttpStatusCode.NotFound);
        return response.StatusCode == HttpStatusCode.NotFound ? null : await ReadJsonAsync<T>(response, operation, ct);
    }

    internal async Task<HttpResponseMessage> PostAsync(string path, object? body, string operation, CancellationToken ct, params HttpStatusCode[] tolerated)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (body is not null)
            request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        return await SendAsync(request, operation, ct, tolerated);
    }

    /// <summary>Sends a request; a non-success status that is not tolerated becomes a <see cref="DockerEngineException"/> with the engine's message.</summary>
    internal async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, string operation, CancellationToken ct,
        params HttpStatusCode[] tolerated)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        }
        catch (HttpRequestException e) when (e.InnerException is SocketException)
        {
            throw new DockerUnavailableException(Endpoint, e);
        }
        finally
        {
            request.Dispose();
        }
        if (response.IsSuccessStatusCode || tolerated.Contains(response.StatusCode))
            return response;
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            var message = text;
            try
            {
                message = JsonSerializer.Deserialize<Models.EngineError>(text, Json)?.Message ?? text;
            }
            catch (JsonException)
            {
            }
            throw new DockerEngineException(operation, response.StatusCode, message.Trim());
        }
    }

    internal static async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, string operation, CancellationToken ct) =>
        await response.Content.ReadFromJsonAsync<T>(Json, ct)
        ?? throw new DockerEngineException(operation, response.StatusCode, "empty answer");

    internal static string Escape(string value) => Uri.EscapeDataString(value);

    public void Dispose() => _http.Dispose();
}
