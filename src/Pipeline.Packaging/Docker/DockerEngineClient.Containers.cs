using System.Net;
using System.Text;
using Docker.DotNet.Models;
using Pipeline.Packaging.Docker.Models;

namespace Pipeline.Packaging.Docker;

public sealed partial class DockerEngineClient
{
    /// <summary>Creates a container; returns the new container's ID.</summary>
    public Task<ContainerCreateResponse> CreateContainerAsync(ContainerCreateRequest request, string? name = null, CancellationToken ct = default) =>
        CallAsync($"create container from {request.Image}", async () =>
        {
            var parameters = ToDocker<CreateContainerParameters>(request);
            parameters.Name = name;
            return Convert<ContainerCreateResponse>(await _docker.Containers.CreateContainerAsync(parameters, ct));
        });

    /// <summary>Starts a container; starting a running container is not an error.</summary>
    public Task StartContainerAsync(string id, CancellationToken ct = default) =>
        CallAsync($"start container {Short(id)}", () => _docker.Containers.StartContainerAsync(id, new ContainerStartParameters(), ct));

    /// <summary>SIGTERM, then SIGKILL after <paramref name="timeout"/>; a stopped or absent container is not an error.</summary>
    public Task StopContainerAsync(string id, TimeSpan timeout, CancellationToken ct = default) =>
        CallAsync($"stop container {Short(id)}", () => _docker.Containers.StopContainerAsync(id,
            new ContainerStopParameters { WaitBeforeKillSeconds = (uint)Math.Ceiling(timeout.TotalSeconds) }, ct), HttpStatusCode.NotFound);

    /// <summary>Removes a container (and its anonymous volumes); an absent container is not an error.</summary>
    public Task RemoveContainerAsync(string id, bool force = true, CancellationToken ct = default) =>
        CallAsync($"remove container {Short(id)}", () => _docker.Containers.RemoveContainerAsync(id,
            new ContainerRemoveParameters { Force = force, RemoveVolumes = true }, ct), HttpStatusCode.NotFound);

    /// <summary>Inspects a container; null when absent.</summary>
    public Task<ContainerInspect?> InspectContainerAsync(string id, CancellationToken ct = default) =>
        CallAsync<ContainerInspect?>($"inspect container {Short(id)}",
            async () => Convert<ContainerInspect>(await _docker.Containers.InspectContainerAsync(id, ct)), HttpStatusCode.NotFound);

    /// <summary>Lists containers, optionally only those carrying all the given labels.</summary>
    public Task<IReadOnlyList<ContainerSummary>> ListContainersAsync(bool all = true, IReadOnlyDictionary<string, string>? labels = null,
        CancellationToken ct = default) =>
        CallAsync("list containers", async () =>
        {
            var parameters = new ContainersListParameters { All = all };
            if (labels is { Count: > 0 })
                parameters.Filters = new Dictionary<string, IDictionary<string, bool>>
                {
                    ["label"] = labels.ToDictionary(l => $"{l.Key}={l.Value}", _ => true),
                };
            return Convert<IReadOnlyList<ContainerSummary>>(await _docker.Containers.ListContainersAsync(parameters, ct));
        });

    /// <summary>Blocks until the container exits and returns its exit code.</summary>
    public Task<ContainerWaitResult> WaitContainerAsync(string id, CancellationToken ct = default) =>
        CallAsync($"wait for container {Short(id)}", async () => Convert<ContainerWaitResult>(await _docker.Containers.WaitContainerAsync(id, ct)));

    /// <summary>The container's processes as the host sees them (UID column included).</summary>
    public Task<ContainerTop> TopAsync(string id, CancellationToken ct = default) =>
        CallAsync($"top of container {Short(id)}", async () => Convert<ContainerTop>(
            await _docker.Containers.ListProcessesAsync(id, new ContainerListProcessesParameters { PsArgs = "-o pid,uid,user,args" }, ct)));

    /// <summary>The last <paramref name="tail"/> lines of stdout and stderr, demultiplexed, in the order written.</summary>
    public Task<IReadOnlyList<LogLine>> GetLogsAsync(string id, int tail = 100, CancellationToken ct = default) =>
        CallAsync<IReadOnlyList<LogLine>>($"logs of container {Short(id)}", async () =>
        {
            using var stream = await _docker.Containers.GetContainerLogsAsync(id, tty: false,
                new ContainerLogsParameters { ShowStdout = true, ShowStderr = true, Tail = tail.ToString(System.Globalization.CultureInfo.InvariantCulture) }, ct);
            var lines = new List<LogLine>();
            var pending = new Dictionary<LogStream, StringBuilder>();
            var buffer = new byte[16 * 1024];
            while (true)
            {
                var read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, ct);
                if (read.EOF) break;
                var target = read.Target == global::Docker.DotNet.MultiplexedStream.TargetStream.StandardError ? LogStream.StdErr : LogStream.StdOut;
                var text = pending.TryGetValue(target, out var sb) ? sb : pending[target] = new StringBuilder();
                text.Append(Encoding.UTF8.GetString(buffer, 0, read.Count));
                var all = text.ToString();
                var end = all.LastIndexOf('\n');
                if (end < 0) continue;
                foreach (var line in all[..end].Split('\n')) lines.Add(new LogLine(target, line.TrimEnd('\r')));
                text.Clear().Append(all[(end + 1)..]);
            }
            foreach (var (target, rest) in pending)
                if (rest.Length > 0) lines.Add(new LogLine(target, rest.ToString().TrimEnd('\r')));
            return lines;
        });

    private static string Short(string id) => id.Length > 12 && !id.Contains(':') ? id[..12] : id;
}
