using System.Globalization;
using System.Net;
using System.Text.Json;
using Pipeline.Packaging.Docker.Models;

namespace Pipeline.Packaging.Docker;

public sealed partial class DockerEngineClient
{
    /// <summary><c>POST /containers/create</c>; returns the new container's ID.</summary>
    public async Task<ContainerCreateResponse> CreateContainerAsync(ContainerCreateRequest request, string? name = null, CancellationToken ct = default)
    {
        var path = name is null ? "containers/create" : $"containers/create?name={Escape(name)}";
        using var response = await PostAsync(path, request, $"create container from {request.Image}", ct);
        return await ReadJsonAsync<ContainerCreateResponse>(response, "create container", ct);
    }

    /// <summary><c>POST /containers/{id}/start</c>; starting a running container is not an error.</summary>
    public async Task StartContainerAsync(string id, CancellationToken ct = default)
    {
        using var _ = await PostAsync($"containers/{Escape(id)}/start", null, $"start container {Short(id)}", ct, HttpStatusCode.NotModified);
    }

    /// <summary><c>POST /containers/{id}/stop</c>: SIGTERM, then SIGKILL after <paramref name="timeout"/>; a stopped or absent container is not an error.</summary>
    public async Task StopContainerAsync(string id, TimeSpan timeout, CancellationToken ct = default)
    {
        var seconds = ((int)Math.Ceiling(timeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        using var _ = await PostAsync($"containers/{Escape(id)}/stop?t={seconds}", null, $"stop container {Short(id)}", ct,
            HttpStatusCode.NotModified, HttpStatusCode.NotFound);
    }

    /// <summary><c>DELETE /containers/{id}</c>; an absent container is not an error.</summary>
    public async Task RemoveContainerAsync(string id, bool force = true, CancellationToken ct = default)
    {
        using var _ = await SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"containers/{Escape(id)}?force={(force ? 1 : 0)}&v=1"),
            $"remove container {Short(id)}", ct, HttpStatusCode.NotFound);
    }

    /// <summary><c>GET /containers/{id}/json</c>; null when absent.</summary>
    public Task<ContainerInspect?> InspectContainerAsync(string id, CancellationToken ct = default) =>
        GetJsonOrNullAsync<ContainerInspect>($"containers/{Escape(id)}/json", $"inspect container {Short(id)}", ct);

    /// <summary><c>GET /containers/json</c>, optionally only those carrying all the given labels.</summary>
    public Task<IReadOnlyList<ContainerSummary>> ListContainersAsync(bool all = true, IReadOnlyDictionary<string, string>? labels = null,
        CancellationToken ct = default)
    {
        var path = $"containers/json?all={(all ? 1 : 0)}";
        if (labels is { Count: > 0 })
        {
            var filters = JsonSerializer.Serialize(new Dictionary<string, string[]> { ["label"] = labels.Select(l => $"{l.Key}={l.Value}").ToArray() });
            path += "&filters=" + Escape(filters);
        }
        return GetJsonAsync<IReadOnlyList<ContainerSummary>>(path, "list containers", ct);
    }

    /// <summary><c>POST /containers/{id}/wait</c>: blocks until the container exits and returns its exit code.</summary>
    public async Task<ContainerWaitResult> WaitContainerAsync(string id, CancellationToken ct = default)
    {
        using var response = await PostAsync($"containers/{Escape(id)}/wait", null, $"wait for container {Short(id)}", ct);
        return await ReadJsonAsync<ContainerWaitResult>(response, "wait", ct);
    }

    /// <summary><c>GET /containers/{id}/top</c>: the container's processes as the host sees them (UID column included).</summary>
    public Task<ContainerTop> TopAsync(string id, CancellationToken ct = default) =>
        GetJsonAsync<ContainerTop>($"containers/{Escape(id)}/top?ps_args={Escape("-o pid,uid,user,args")}", $"top of container {Short(id)}", ct);

    /// <summary><c>GET /containers/{id}/logs</c>: the last <paramref name="tail"/> lines of stdout and stderr, demultiplexed.</summary>
    public async Task<IReadOnlyList<LogLine>> GetLogsAsync(string id, int tail = 100, CancellationToken ct = default)
    {
        var path = $"containers/{Escape(id)}/logs?stdout=1&stderr=1&tail={tail.ToString(CultureInfo.InvariantCulture)}";
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, path), $"logs of container {Short(id)}", ct);
        var bytes = await response.Content.ReadAsByteArrayAsync(ct);
        return DockerLogDemultiplexer.Decode(bytes);
    }

    private static string Short(string id) => id.Length > 12 && !id.Contains(':') ? id[..12] : id;
}
