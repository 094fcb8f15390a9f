using System.Diagnostics;
using System.Globalization;

namespace Pipeline.Deployment.Targets.Process;

/// <summary>
/// The embedded default target: servers and the gateway as detached background processes (own session via setsid, stdin closed,
/// output appended to a log file) that outlive the build; pids, ports and logs under <c>.artifacts/deploy/&lt;model&gt;/</c>.
/// Each server runs under a <see cref="ServerWatchdog"/> (the recorded pid is the watchdog's), which restarts it after a crash or kill.
/// </summary>
public sealed class ProcessTarget(DeploymentPrograms programs, string deployDirectory, TimeProvider time) : IDeploymentTarget
{
    public string Kind => "process";

    public async Task<StartOutcome> StartServerAsync(ServerLaunch launch, CancellationToken cancellationToken)
    {
        if (launch.ModelFile is null || launch.ConfigFile is null)
            return StartOutcome.Failed($"{launch.Model} {launch.Version}: the process target needs the ONNX file and model.yaml; run Train/Import first.", []);
        return await OnFreePortsAsync((port, grpcPort) => StartServerOnceAsync(launch, port, grpcPort, cancellationToken));
    }

    /// <summary>
    /// FreePort releases the port before the program binds it, and busy clients take ephemeral ports from the same range, so the
    /// bind can lose a race: Kestrel then logs "address already in use" and exits. That one case is tried once more on a fresh port;
    /// every other failure (model, configuration) fails at once with its log.
    /// </summary>
    private static async Task<StartOutcome> OnFreePortsAsync(Func<int, int, Task<StartOutcome>> start)
    {
        var outcome = await start(FreePort.Next(), FreePort.Next());
        if (!outcome.Started && outcome.LogTail.Any(l => l.Contains("address already in use", StringComparison.OrdinalIgnoreCase)))
            outcome = await start(FreePort.Next(), FreePort.Next());
        return outcome;
    }

    /// <summary>REST and gRPC (KServe v2, h2c) each on their own port, as in the container image.</summary>
    private async Task<StartOutcome> StartServerOnceAsync(ServerLaunch launch, int port, int grpcPort, CancellationToken cancellationToken)
    {
        var args = programs.Server.Concat([
            "--model", launch.ModelFile!, "--config", launch.ConfigFile!, "--name", launch.Model, "--version", launch.Version,
            "--variant", launch.Role, "--host", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture),
            "--grpc-port", grpcPort.ToString(CultureInfo.InvariantCulture),
            "--prediction-log", PredictionLogDirectory(deployDirectory, launch.Model),
        ]).ToList();
        if (launch.ScoreBuckets is { } buckets) args.AddRange(["--score-buckets", Pipeline.Core.Monitoring.PredictionBuckets.Format(buckets)]);
        var endpoint = $"http://127.0.0.1:{port}";
        var instance = Launch(launch.Model, launch.Role, launch.Version, args, endpoint, $"server-{launch.Version}", new Dictionary<string, string>(), supervised: true)
            with { GrpcEndpoint = $"http://127.0.0.1:{grpcPort}", InternalGrpcEndpoint = $"http://127.0.0.1:{grpcPort}" };
        return await AwaitReadyAsync(instance, endpoint + "/v2/health/ready", launch.ReadinessTimeout, cancellationToken);
    }

    public Task<StartOutcome> StartGatewayAsync(GatewayLaunch launch, CancellationToken cancellationToken) =>
        launch.Port == 0
            ? OnFreePortsAsync((port, grpcPort) => StartGatewayOnceAsync(launch, port, grpcPort, cancellationToken))
            : StartGatewayOnceAsync(launch, launch.Port, FreePort.Next(), cancellationToken);

    private async Task<StartOutcome> StartGatewayOnceAsync(GatewayLaunch launch, int port, int grpcPort, CancellationToken cancellationToken)
    {
        var stateFile = Path.Combine(ModelDirectory(launch.Model), "gateway-routing.json");
        var args = programs.Gateway.Concat([
            "--host", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture),
            "--stable", launch.Stable.InternalEndpoint, "--stable-version", launch.Stable.Version ?? "", "--state-file", stateFile,
        ]).ToList();
        args.AddRange(launch.TaskArguments());
        args.AddRange(launch.GrpcArguments(grpcPort));
        // A fresh gateway starts from its command line; a stale state file of an earlier deployment would route to dead servers.
        File.Delete(stateFile);
        var endpoint = $"http://127.0.0.1:{port}";
        var instance = Launch(launch.Model, "gateway", null, args, endpoint, "gateway",
            new Dictionary<string, string> { [GatewayControl.GatewayAdminClient.TokenVariable] = launch.AdminToken })
            with { GrpcEndpoint = $"http://127.0.0.1:{grpcPort}", InternalGrpcEndpoint = $"http://127.0.0.1:{grpcPort}" };
        return await AwaitReadyAsync(instance, endpoint + "/healthz", launch.ReadinessTimeout, cancellationToken);
    }

    public async Task StopAsync(RunningInstance instance, CancellationToken cancellationToken)
    {
        if (instance.ProcessId is not { } pid || !Signals.IsOurs(pid, Marker(instance))) return;
        Signals.Send(pid, Signals.Term);
        for (var i = 0; i < 50 && Signals.IsOurs(pid, Marker(instance)); i++) await Task.Delay(100, cancellationToken);
        // The whole process group (setsid made the pid its leader): a server's watchdog and the server it runs.
        if (Signals.IsOurs(pid, Marker(instance))) Signals.Send(-pid, Signals.Kill);
    }

    public Task<bool> IsRunningAsync(RunningInstance instance, CancellationToken cancellationToken) =>
        Task.FromResult(instance.ProcessId is { } pid && Signals.IsOurs(pid, Marker(instance)));

    public async Task<IReadOnlyList<string>> TailLogAsync(RunningInstance instance, int lines, CancellationToken cancellationToken)
    {
        if (instance.LogFile is null || !File.Exists(instance.LogFile)) return [];
        var all = await File.ReadAllLinesAsync(instance.LogFile, cancellationToken);
        return all.TakeLast(lines).ToList();
    }

    /// <summary>Where a model's servers keep their prediction logs and feedback (shared by its versions; the Monitor reads it).</summary>
    public static string PredictionLogDirectory(string deployDirectory, string model) => Path.Combine(deployDirectory, model, "predictions");

    private string ModelDirectory(string model)
    {
        var dir = Path.Combine(deployDirectory, model);
        Directory.CreateDirectory(Path.Combine(dir, "logs"));
        return dir;
    }

    /// <summary>The port is part of every command line we start and unique among live processes, so it identifies the pid.</summary>
    private static string Marker(RunningInstance instance) => "--port " + new Uri(instance.Endpoint).Port.ToString(CultureInfo.InvariantCulture) + " ";

    private RunningInstance Launch(string model, string role, string? version, IReadOnlyList<string> command, string endpoint, string logName,
        IReadOnlyDictionary<string, string> environment, bool supervised = false)
    {
        var logFile = Path.Combine(ModelDirectory(model), "logs", $"{logName}.log");
        File.AppendAllText(logFile, $"--- {time.GetUtcNow():O} starting {string.Join(' ', command)}{Environment.NewLine}");
        // sh backgrounds setsid (not a group leader, so setsid execs in place and $! is the server's pid) and exits at once.
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = ModelDirectory(model),
        };
        var program = supervised ? ["/bin/sh", "-c", ServerWatchdog.Script, "watchdog", .. command] : command;
        foreach (var a in new[] { "-c", "log=\"$1\"; shift; setsid \"$@\" >>\"$log\" 2>&1 </dev/null & echo $!", "sh", logFile }.Concat(program))
            start.ArgumentList.Add(a);
        foreach (var (k, v) in environment) start.Environment[k] = v;
        using var shell = System.Diagnostics.Process.Start(start)
            ?? throw new InvalidOperationException("/bin/sh could not be started; the process target needs a POSIX shell and setsid (util-linux).");
        var pidText = shell.StandardOutput.ReadToEnd().Trim();
        var error = shell.StandardError.ReadToEnd().Trim();
        shell.WaitForExit();
        if (!int.TryParse(pidText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid))
            throw new InvalidOperationException($"starting {command[0]} through /bin/sh gave no pid (output \"{pidText}\", error \"{error}\").");
        return new RunningInstance
        {
            Model = model, Role = role, Version = version, Endpoint = endpoint, InternalEndpoint = endpoint,
            TargetKind = Kind, ProcessId = pid, LogFile = logFile,
        };
    }

    private async Task<StartOutcome> AwaitReadyAsync(RunningInstance instance, string healthUrl, TimeSpan timeout, CancellationToken ct)
    {
        var (ready, detail) = await Readiness.WaitAsync(healthUrl, () => IsRunningAsync(instance, ct), timeout, time, ct);
        var what = instance.Role == "gateway" ? $"gateway of {instance.Model}" : $"{instance.Model} {instance.Version} ({instance.Role})";
        if (ready) return StartOutcome.Ready(instance, $"{what}: pid {instance.ProcessId} at {instance.Endpoint}, {detail}");
        await StopAsync(instance, ct);
        await Task.Delay(200, ct);   // let the last log lines reach the file
        return StartOutcome.Failed($"{what} {detail}; it was stopped and nothing else changed. Log: {instance.LogFile}",
            await LaunchOutputAsync(instance, ct));
    }

    /// <summary>What this launch wrote: the log from its own "--- starting" line on, at most 40 lines (the error comes first, then its stack).</summary>
    private static async Task<IReadOnlyList<string>> LaunchOutputAsync(RunningInstance instance, CancellationToken ct)
    {
        if (instance.LogFile is null || !File.Exists(instance.LogFile)) return [];
        var all = await File.ReadAllLinesAsync(instance.LogFile, ct);
        var start = Array.FindLastIndex(all, IsLaunchLine);
        return all.Skip(Math.Max(start, 0)).Take(40).ToList();
    }

    /// <summary>The line <see cref="Launch"/> writes before each start ("--- &lt;time&gt; starting …"; .NET stack traces have "--- End of …" lines).</summary>
    private static bool IsLaunchLine(string line) =>
        line.StartsWith("--- ", StringComparison.Ordinal) && line.Contains(" starting ", StringComparison.Ordinal);
}
