namespace Pipeline.Deployment.Targets;

/// <summary>Where model servers and the gateway run: local background processes or Docker containers.</summary>
public interface IDeploymentTarget
{
    /// <summary>"process" or "docker".</summary>
    string Kind { get; }

    /// <summary>Starts a model server and waits until it is ready; a server that is not ready in time is stopped and reported with its last log lines.</summary>
    Task<StartOutcome> StartServerAsync(ServerLaunch launch, CancellationToken cancellationToken);

    /// <summary>Starts the model's gateway in front of <see cref="GatewayLaunch.Stable"/> and waits until it answers.</summary>
    Task<StartOutcome> StartGatewayAsync(GatewayLaunch launch, CancellationToken cancellationToken);

    /// <summary>Stops an instance (graceful, then forced); stopping one that is already gone is not an error.</summary>
    Task StopAsync(RunningInstance instance, CancellationToken cancellationToken);

    /// <summary>True while the process or container runs.</summary>
    Task<bool> IsRunningAsync(RunningInstance instance, CancellationToken cancellationToken);

    /// <summary>The last lines of the instance's log.</summary>
    Task<IReadOnlyList<string>> TailLogAsync(RunningInstance instance, int lines, CancellationToken cancellationToken);
}
