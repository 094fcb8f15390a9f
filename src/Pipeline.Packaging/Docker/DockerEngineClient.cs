using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Serialization;
using Docker.DotNet;

namespace Pipeline.Packaging.Docker;

/// <summary>
/// The project's one Docker client, over Docker.DotNet: images (load, tag, inspect, remove), containers (create,
/// start, logs, top, wait, stop, remove, list) and networks, for PackageImage's validation and the docker deployment
/// target. Requests go unversioned (no API version is asked for), so the engine answers in its own (1.41 for Debian's
/// 20.10). The project's records stay the interface; they carry the engine's JSON field names, so they map to and from
/// Docker.DotNet's models through JSON.
/// </summary>
public sealed partial class DockerEngineClient : IDisposable
{
    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNameCaseInsensitive = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly DockerClient _docker;
    private readonly DockerClientConfiguration _configuration;

    public DockerEndpoint Endpoint { get; }

    public DockerEngineClient(DockerEndpoint endpoint, TimeSpan? requestTimeout = null)
    {
        Endpoint = endpoint;
        var uri = endpoint.SocketPath is { } socket ? new Uri("unix://" + socket) : new Uri("tcp://" + endpoint.TcpAddress!.Authority);
        _configuration = new DockerClientConfiguration(uri, defaultTimeout: requestTimeout ?? TimeSpan.FromMinutes(10));
        _docker = _configuration.CreateClient();
    }

    /// <summary>The Docker.DotNet client underneath.</summary>
    public IDockerClient Docker => _docker;

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
            await _docker.System.PingAsync(cts.Token);
            return true;
        }
        catch (Exception e) when (e is HttpRequestException or SocketException or IOException or DockerApiException or TimeoutException
                                      or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary><c>GET /version</c>: engine and API versions.</summary>
    public Task<Models.EngineVersion> GetVersionAsync(CancellationToken ct = default) =>
        CallAsync("version", async () => Convert<Models.EngineVersion>(await _docker.System.GetVersionAsync(ct)));

    /// <summary>Runs one engine call; refusals become <see cref="DockerEngineException"/> (with the engine's message), an absent engine <see cref="DockerUnavailableException"/>.</summary>
    internal async Task<T> CallAsync<T>(string operation, Func<Task<T>> call, params HttpStatusCode[] tolerated)
    {
        try
        {
            return await call();
        }
        catch (DockerApiException e) when (tolerated.Contains(e.StatusCode))
        {
            return default!;
        }
        catch (DockerApiException e)
        {
            throw new DockerEngineException(operation, e.StatusCode, EngineMessage(e.ResponseBody));
        }
        catch (HttpRequestException e) when (e.InnerException is SocketException)
        {
            throw new DockerUnavailableException(Endpoint, e);
        }
        catch (SocketException e)
        {
            throw new DockerUnavailableException(Endpoint, e);
        }
    }

    internal Task CallAsync(string operation, Func<Task> call, params HttpStatusCode[] tolerated) =>
        CallAsync<bool>(operation, async () =>
        {
            await call();
            return true;
        }, tolerated);

    private static string EngineMessage(string? body)
    {
        var text = body ?? "";
        try
        {
            return (JsonSerializer.Deserialize<Models.EngineError>(text, Json)?.Message ?? text).Trim();
        }
        catch (JsonException)
        {
            return text.Trim();
        }
    }

    /// <summary>A Docker.DotNet model as the project's record (both carry the engine's field names).</summary>
    internal static T Convert<T>(object value) =>
        JsonSerializer.Deserialize<T>(Newtonsoft.Json.JsonConvert.SerializeObject(value), Json)
        ?? throw new InvalidOperationException($"the engine's answer did not map to {typeof(T).Name}");

    /// <summary>The project's record as a Docker.DotNet model.</summary>
    internal static T ToDocker<T>(object value) =>
        Newtonsoft.Json.JsonConvert.DeserializeObject<T>(JsonSerializer.Serialize(value, value.GetType(), Json))
        ?? throw new InvalidOperationException($"{value.GetType().Name} did not map to Docker.DotNet's {typeof(T).Name}");

    internal static string Escape(string value) => Uri.EscapeDataString(value);

    public void Dispose()
    {
        _docker.Dispose();
        _configuration.Dispose();
    }
}
