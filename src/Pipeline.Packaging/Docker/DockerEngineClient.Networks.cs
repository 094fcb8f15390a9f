using System.Net;
using Docker.DotNet.Models;
using Pipeline.Packaging.Docker.Models;

namespace Pipeline.Packaging.Docker;

public sealed partial class DockerEngineClient
{
    /// <summary>Creates a network; returns its ID.</summary>
    public Task<string> CreateNetworkAsync(NetworkCreateRequest request, CancellationToken ct = default) =>
        CallAsync($"create network {request.Name}", async () => (await _docker.Networks.CreateNetworkAsync(ToDocker<NetworksCreateParameters>(request), ct)).ID);

    /// <summary>Connects a container to a network, with optional DNS aliases.</summary>
    public Task ConnectNetworkAsync(string network, string container, IReadOnlyList<string>? aliases = null, CancellationToken ct = default) =>
        CallAsync($"connect {Short(container)} to network {network}", () => _docker.Networks.ConnectNetworkAsync(network, new NetworkConnectParameters
        {
            Container = container,
            EndpointConfig = new global::Docker.DotNet.Models.EndpointSettings { Aliases = aliases?.ToList() },
        }, ct));

    /// <summary>Disconnects a container from a network; an absent one is not an error.</summary>
    public Task DisconnectNetworkAsync(string network, string container, bool force = true, CancellationToken ct = default) =>
        CallAsync($"disconnect {Short(container)} from network {network}",
            () => _docker.Networks.DisconnectNetworkAsync(network, new NetworkDisconnectParameters { Container = container, Force = force }, ct), HttpStatusCode.NotFound);

    /// <summary>Inspects a network; null when absent.</summary>
    public Task<NetworkInspect?> InspectNetworkAsync(string network, CancellationToken ct = default) =>
        CallAsync<NetworkInspect?>($"inspect network {network}", async () => Convert<NetworkInspect>(await _docker.Networks.InspectNetworkAsync(network, ct)), HttpStatusCode.NotFound);

    /// <summary>All networks.</summary>
    public Task<IReadOnlyList<NetworkInspect>> ListNetworksAsync(CancellationToken ct = default) =>
        CallAsync("list networks", async () => Convert<IReadOnlyList<NetworkInspect>>(await _docker.Networks.ListNetworksAsync(null, ct)));

    /// <summary>Removes a network; an absent network is not an error.</summary>
    public Task RemoveNetworkAsync(string network, CancellationToken ct = default) =>
        CallAsync($"remove network {network}", () => _docker.Networks.DeleteNetworkAsync(network, ct), HttpStatusCode.NotFound);
}
