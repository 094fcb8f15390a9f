using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Serialization;
using Pipeline.Packaging.Docker;

namespace Pipeline.Deployment.Targets.Docker;

/// <summary>
/// <c>POST /containers/create</c> with bind mounts, which <see cref="DockerEngineClient"/>'s request model does not carry yet;
/// used only for the gateway container (its self-contained build and routing state are mounted from the host).
/// </summary>
internal sealed class EngineContainerCreator(DockerEndpoint endpoint) : IDisposable
{
    private readonly HttpClient _http = Create(endpoint);

    public async Task<string> CreateAsync(string name, object body, CancellationToken ct)
    {
        using var response = await _http.PostAsJsonAsync($"containers/create?name={Uri.EscapeDataString(name)}", body,
            new JsonSerializerOptions { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull }, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
            throw new DockerEngineException($"create container {name}", response.StatusCode, text);
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.GetProperty("Id").GetString()!;
    }

    private static HttpClient Create(DockerEndpoint endpoint)
    {
        if (endpoint.SocketPath is { } socket)
        {
            var handler = new SocketsHttpHandler
            {
                ConnectCallback = async (_, ct) =>
                {
                    var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                    await s.ConnectAsync(new UnixDomainSocketEndPoint(socket), ct);
                    return new NetworkStream(s, ownsSocket: true);
                },
            };
            return new HttpClient(handler) { BaseAddress = new Uri("http://docker/v1.41/") };
        }
        return new HttpClient { BaseAddress = new Uri(endpoint.TcpAddress!, "v1.41/") };
    }

    public void Dispose() => _http.Dispose();
}
