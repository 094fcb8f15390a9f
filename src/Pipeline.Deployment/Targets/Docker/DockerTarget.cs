using System.Globalization;
using Pipeline.Packaging.Docker;
using Pipeline.Packaging.Docker.Models;

namespace Pipeline.Deployment.Targets.Docker;

/// <summary>
/// Runs each version's PackageImage image as a container on the model's user-defined bridge network
/// (<c>pipeline-&lt;scope&gt;-&lt;model&gt;</c>), ports published on 127.0.0.1; the gateway runs in a container too and reaches
/// servers by container name. The scope is derived from the deploy directory, so two checkouts (or two CI jobs) deploying
/// the same model on one Docker host get their own containers and network instead of replacing each other's.
/// </summary>
public sealed class DockerTarget(DockerEngineClient engine, string? gatewayPublishDirectory, string deployDirectory, TimeProvider time) : IDeploymentTarget
{
    private const string ContainerPort = "8080/tcp";

    /// <summary>The KServe v2 gRPC port inside server and gateway containers (the image's entrypoint passes --grpc-port 8081).</summary>
    private const string GrpcContainerPort = "8081/tcp";

    public string Kind => "docker";

    private readonly string _fullDeployDirectory = FullPath(deployDirectory);

    /// <summary>8 hex digits of the SHA-256 of the deploy directory's full path: the same checkout always gets the same names.</summary>
    public string Scope { get; } = ScopeOf(deployDirectory);

    public static string ScopeOf(string deployDirectory) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(FullPath(deployDirectory))))[..8];

    private static string FullPath(string directory) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));

    public string NetworkName(string model) => $"pipeline-{Scope}-{model}";

    /// <summary>Container name of one version's server (or of the gateway, <paramref name="version"/> "gateway").</summary>
    public string ContainerName(string model, string version) => $"pipeline-{Scope}-{model}-{version}";

    public async Task<StartOutcome> StartServerAsync(ServerLaunch launch, CancellationToken cancellationToken)
    {
        if (launch.Image is null)
            return StartOutcome.Failed($"{launch.Model} {launch.Version}: the docker target needs the version's image; run PackageImage first or use --target process.", []);
        var network = await EnsureNetworkAsync(launch.Model, cancellationToken);
        var name = ContainerName(launch.Model, launch.Version);
        await RemoveIfExistsAsync(name, cancellationToken);
        Directory.CreateDirectory(Process.ProcessTarget.PredictionLogDirectory(_fullDeployDirectory, launch.Model));
        var created = await engine.CreateContainerAsync(ServerContainer(launch, network, name), name, cancellationToken);
        return await StartAndAwaitAsync(created.Id, name, launch.Model, launch.Role, launch.Version, "/v2/health/ready", launch.ReadinessTimeout, cancellationToken);
    }

    /// <summary>
    /// The server's container: the image's entrypoint with the registry version and role appended (the server takes the last value
    /// of an option, and the image carries the commit it was built from), restarted by the engine when it dies. The model's
    /// prediction-log folder (<c>&lt;deploy&gt;/&lt;model&gt;/predictions</c>, where feedback is kept too) is mounted at /predictions and
    /// the repository's data-contracts folder read-only at /contracts, so Monitor and Sample read a docker deployment's traffic as
    /// they read the process target's; the server runs as the invoking user so the files it writes stay readable on the host.
    /// </summary>
    internal ContainerCreateRequest ServerContainer(ServerLaunch launch, string network, string name)
    {
        var predictions = Process.ProcessTarget.PredictionLogDirectory(_fullDeployDirectory, launch.Model);
        var cmd = new List<string> { "--version", launch.Version, "--variant", launch.Role };
        if (launch.ScoreBuckets is { } buckets) cmd.AddRange(["--score-buckets", Pipeline.Core.Monitoring.PredictionBuckets.Format(buckets)]);
        cmd.AddRange(["--prediction-log", "/predictions"]);
        var binds = new List<string> { $"{predictions}:/predictions" };
        if (ContractsDirectory(launch.ConfigFile) is { } contracts)
        {
            cmd.AddRange(["--contract-directory", "/contracts"]);
            binds.Add($"{contracts}:/contracts:ro");
        }
        return new ContainerCreateRequest
        {
            Image = launch.Image!,
            Cmd = cmd,
            User = OperatingSystem.IsWindows() ? null : $"{CurrentUser.Uid}:{CurrentUser.Gid}",
            Labels = Labels(launch.Model, launch.Role, launch.Version),
            ExposedPorts = new Dictionary<string, object> { [ContainerPort] = new { }, [GrpcContainerPort] = new { } },
            HostConfig = new HostConfig
            {
                NetworkMode = network,
                PortBindings = new Dictionary<string, IReadOnlyList<PortBinding>>
                {
                    [ContainerPort] = [new PortBinding { HostIp = "127.0.0.1", HostPort = "" }],
                    [GrpcContainerPort] = [new PortBinding { HostIp = "127.0.0.1", HostPort = "" }],
                },
                RestartPolicy = RestartOnFailure,
                Binds = binds,
            },
            NetworkingConfig = new NetworkingConfig { EndpointsConfig = new Dictionary<string, EndpointSettings> { [network] = new() { Aliases = [name] } } },
        };
    }

    /// <summary>The data-contracts folder of the repository around model.yaml, when there is one.</summary>
    private static string? ContractsDirectory(string? configFile)
    {
        if (configFile is null || !File.Exists(configFile)) return null;
        try
        {
            var contracts = Pipeline.Core.Layout.RepositoryLayout.Find(Path.GetDirectoryName(Path.GetFullPath(configFile))!).ContractsDirectory;
            return Directory.Exists(contracts) ? contracts : null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>A killed or crashed server or gateway comes back by itself; a crash loop stops after five tries (Status then shows it down).</summary>
    internal static readonly RestartPolicy RestartOnFailure = new() { Name = "on-failure", MaximumRetryCount = 5 };

    public async Task<StartOutcome> StartGatewayAsync(GatewayLaunch launch, CancellationToken cancellationToken)
    {
        if (gatewayPublishDirectory is null || !File.Exists(Path.Combine(gatewayPublishDirectory, "Pipeline.Gateway")))
            return StartOutcome.Failed($"gateway of {launch.Model}: no self-contained gateway build at {gatewayPublishDirectory ?? "(none)"}; " +
                "publish it with `dotnet publish src/Pipeline.Gateway -r linux-x64 --self-contained -o <dir>`.", []);
        var image = launch.Image ?? throw new ArgumentException("the docker target runs the gateway in the stable's image; set GatewayLaunch.Image.", nameof(launch));
        var network = await EnsureNetworkAsync(launch.Model, cancellationToken);
        var name = ContainerName(launch.Model, "gateway");
        await RemoveIfExistsAsync(name, cancellationToken);
        var stateDirectory = Path.Combine(deployDirectory, launch.Model, "gateway-state");
        Directory.CreateDirectory(stateDirectory);
        File.Delete(Path.Combine(stateDirectory, "routing.json"));
        // The admin token goes in as a file only the invoking user can read (the container runs as that user), never as an
        // environment variable, which anyone who can run `docker inspect` would see.
        var tokenFile = Path.Combine(stateDirectory, "admin.token");
        File.WriteAllText(tokenFile, "");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(tokenFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(tokenFile, launch.AdminToken);
        var hostPort = launch.Port == 0 ? "" : launch.Port.ToString(CultureInfo.InvariantCulture);

        using var creator = new EngineContainerCreator(engine.Endpoint);
        var id = await creator.CreateAsync(name, new
        {
            Image = image,
            Entrypoint = new[]
            {
                "/gateway/Pipeline.Gateway", "--host", "0.0.0.0", "--port", "8080", "--stable", launch.Stable.InternalEndpoint,
                "--stable-version", launch.Stable.Version ?? "", "--state-file", "/state/routing.json",
            }.Concat(launch.TaskArguments()).Concat(launch.GrpcArguments(8081)).ToArray(),
            Cmd = Array.Empty<string>(),
            Env = new[] { $"{GatewayControl.GatewayAdminClient.TokenFileVariable}=/state/admin.token", "DOTNET_gcServer=0" },
            // Runs as the invoking user so the routing state it writes to the mounted folder stays readable on the host.
            User = $"{CurrentUser.Uid}:{CurrentUser.Gid}",
            Labels = Labels(launch.Model, "gateway", null),
            ExposedPorts = new Dictionary<string, object> { [ContainerPort] = new { }, [GrpcContainerPort] = new { } },
            HostConfig = new
            {
                NetworkMode = network,
                Binds = new[] { $"{Path.GetFullPath(gatewayPublishDirectory)}:/gateway:ro", $"{Path.GetFullPath(stateDirectory)}:/state" },
                PortBindings = new Dictionary<string, object[]>
                {
                    [ContainerPort] = [new { HostIp = "127.0.0.1", HostPort = hostPort }],
                    [GrpcContainerPort] = [new { HostIp = "127.0.0.1", HostPort = "" }],
                },
                RestartPolicy = RestartOnFailure,
            },
        }, cancellationToken);
        return await StartAndAwaitAsync(id, name, launch.Model, "gateway", null, "/healthz", launch.ReadinessTimeout, cancellationToken);
    }

    public async Task StopAsync(RunningInstance instance, CancellationToken cancellationToken)
    {
        var id = instance.ContainerId ?? instance.ContainerName;
        if (id is null || await engine.InspectContainerAsync(id, cancellationToken) is null) return;
        await engine.StopContainerAsync(id, TimeSpan.FromSeconds(5), cancellationToken);
        await engine.RemoveContainerAsync(id, force: true, cancellationToken);
    }

    public async Task<bool> IsRunningAsync(RunningInstance instance, CancellationToken cancellationToken) =>
        (instance.ContainerId ?? instance.ContainerName) is { } id && await engine.InspectContainerAsync(id, cancellationToken) is { State.Running: true };

    public async Task<IReadOnlyList<string>> TailLogAsync(RunningInstance instance, int lines, CancellationToken cancellationToken)
    {
        var id = instance.ContainerId ?? instance.ContainerName;
        if (id is null || await engine.InspectContainerAsync(id, cancellationToken) is null) return [];
        return (await engine.GetLogsAsync(id, lines, cancellationToken)).Select(l => l.Text).ToList();
    }

    /// <summary>Removes the model's bridge network once nothing is attached (Down).</summary>
    public async Task RemoveNetworkAsync(string model, CancellationToken ct)
    {
        if (await engine.InspectNetworkAsync(NetworkName(model), ct) is not null) await engine.RemoveNetworkAsync(NetworkName(model), ct);
    }

    private async Task<string> EnsureNetworkAsync(string model, CancellationToken ct)
    {
        var name = NetworkName(model);
        if (await engine.InspectNetworkAsync(name, ct) is null)
            await engine.CreateNetworkAsync(new NetworkCreateRequest
            {
                Name = name, Labels = new Dictionary<string, string> { ["pipeline.model"] = model, ["pipeline.scope"] = Scope, ["pipeline.deploy-directory"] = _fullDeployDirectory },
            }, ct);
        return name;
    }

    private async Task RemoveIfExistsAsync(string name, CancellationToken ct)
    {
        if (await engine.InspectContainerAsync(name, ct) is not null) await engine.RemoveContainerAsync(name, force: true, ct);
    }

    private Dictionary<string, string> Labels(string model, string role, string? version) => new()
    {
        ["pipeline.model"] = model,
        ["pipeline.role"] = role,
        ["pipeline.version"] = version ?? "",
        ["pipeline.scope"] = Scope,
        ["pipeline.deploy-directory"] = _fullDeployDirectory,
    };

    private async Task<StartOutcome> StartAndAwaitAsync(string id, string name, string model, string role, string? version, string healthPath, TimeSpan timeout, CancellationToken ct)
    {
        await engine.StartContainerAsync(id, ct);
        var inspect = await engine.InspectContainerAsync(id, ct);
        var port = inspect?.HostPort(ContainerPort);
        var grpcPort = inspect?.HostPort(GrpcContainerPort);
        var what = role == "gateway" ? $"gateway of {model}" : $"{model} {version} ({role})";
        var instance = new RunningInstance
        {
            Model = model, Role = role, Version = version, Endpoint = $"http://127.0.0.1:{port}", InternalEndpoint = $"http://{name}:8080",
            GrpcEndpoint = grpcPort is null ? null : $"http://127.0.0.1:{grpcPort}", InternalGrpcEndpoint = grpcPort is null ? null : $"http://{name}:8081",
            TargetKind = Kind, ContainerId = id, ContainerName = name,
        };
        var (ready, detail) = port is null
            ? (false, $"container {name} published no port for {ContainerPort} (state {inspect?.State.Status})")
            : await Readiness.WaitAsync(instance.Endpoint + healthPath, () => IsRunningAsync(instance, ct), timeout, time, ct);
        if (ready) return StartOutcome.Ready(instance, $"{what}: container {name} ({id[..12]}) at {instance.Endpoint}, {detail}");
        var tail = await TailLogAsync(instance, 20, ct);
        await StopAsync(instance, ct);
        return StartOutcome.Failed($"{what} {detail}; container {name} was removed and nothing else changed.", tail);
    }
}
