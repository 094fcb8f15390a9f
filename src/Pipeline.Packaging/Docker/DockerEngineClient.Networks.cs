using System.Net;
using Pipeline.Packaging.Docker.Models;

namespace Pipeline.Packaging.Docker;

public sealed partial class DockerEngineClient
{
    /// <summary><c>POST /networks/create</c>; returns the network ID.</summary>
    public async Task<string> CreateNetworkAsync(NetworkCreateRequest request, CancellationToken ct = default)
    {
        using var response = await PostAsync("networks/create", request, $"create network {request.Name}", ct);
        return (await ReadJsonAsync<ContainerCreateResponse>(response, "create network", ct)).Id;
    }

    /// <summary><c>POST /networks/{id}/connect</c> with optional DNS aliases.</summary>
    public async Task ConnectNetworkAsync(string network, string container, IReadOnlyList<string>? aliases = null, CancellationToken ct = default)
    {
        var body = new { Container = container, EndpointConfig = new EndpointSettings { Aliases = aliases } };
        using var _ = await PostAsync($"networks/{Escape(network)}/connect", body, $"connect {Short(container)} to network {network}", ct);
    }

    /// <summary><c>POST /networks/{id}/disconnect</c>.</summary>
    public async Task DisconnectNetworkAsync(string network, string container, bool force = true, CancellationToken ct = default)
    {
        using var _ = await PostAsync($"networks/{Escape(network)}/disconnect", new { Container = container, Force = force },
            $"disconnect {Short(container)} from network {network}", ct, HttpStatusCode.NotFound);
    }

    /// <summary><c>GET /networks/{id}</c>; null when absent.</summary>
    public Task<NetworkInspect?> InspectNetworkAsync(string network, CancellationToken ct = default) =>
        GetJsonOrNullAsync<NetworkInspect>($"networks/{Escape(network)}", $"inspect network {network}", ct);

    /// <summary><c>GET /networks</c>.</summary>
    public Task<IReadOnlyList<NetworkInspect>> ListNetworksAsync(CancellationToken ct = default) =>
        GetJsonAsync<IReadOnlyList<NetworkInspect>>("networks", "list networks", ct);

    /// <summary><c>DELETE /networks/{id}</c>; an absent network is not an error.</summary>
    public async Task RemoveNetworkAsync(string network, CancellationToken ct = default)
    {
        using var _ = await SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"networks/{Escape(network)}"), $"remove network {network}", ct,
            HttpStatusCode.NotFound);
    }
}
