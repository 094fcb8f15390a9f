namespace Pipeline.Benchmarking.Servers;

/// <summary>How to start one model server process: the command, its arguments and environment. The server must print a JSON "ready" line with its port.</summary>
public sealed record ServerLaunch
{
    /// <summary>Shown in reports, e.g. <c>candidate</c> or <c>champion</c>.</summary>
    public required string Label { get; init; }
    public required string FileName { get; init; }
    public IReadOnlyList<string> Arguments { get; init; } = [];
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
    public string? WorkingDirectory { get; init; }

    /// <summary>Path prefix of the V1 predict route, e.g. <c>/v1/models/fraud-detector:predict</c>.</summary>
    public required string PredictPath { get; init; }

    /// <summary>Launch of the Pipeline.Serving executable (a <c>.dll</c> runs through <c>dotnet</c>) on an ephemeral 127.0.0.1 port.</summary>
    public static ServerLaunch ForPipelineServing(string label, string servingExecutable, string modelFile, string configFile,
        string name, string version, string variant, IEnumerable<string>? extraArguments = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var args = new List<string>();
        var file = servingExecutable;
        if (servingExecutable.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        {
            file = DotnetHost();
            args.Add(servingExecutable);
        }
        args.AddRange(["--model", modelFile, "--config", configFile, "--name", name, "--version", version,
            "--variant", variant, "--port", "0", "--host", "127.0.0.1"]);
        if (extraArguments is not null) args.AddRange(extraArguments);
        return new ServerLaunch
        {
            Label = label, FileName = file, Arguments = args, PredictPath = $"/v1/models/{name}:predict",
            Environment = environment ?? new Dictionary<string, string>(),
        };
    }

    /// <summary>This launch with <c>--batching on|off</c> forced (an earlier <c>--batching</c> value replaced).</summary>
    public ServerLaunch WithBatching(bool enabled)
    {
        var args = Arguments.ToList();
        var at = args.IndexOf("--batching");
        if (at >= 0 && at + 1 < args.Count) args.RemoveRange(at, 2);
        args.AddRange(["--batching", enabled ? "on" : "off"]);
        return this with { Arguments = args };
    }

    private static string DotnetHost()
    {
        var fromEnv = System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromEnv) && File.Exists(fromEnv)) return fromEnv;
        var current = System.Environment.ProcessPath;
        if (current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet") return current;
        return "dotnet";
    }
}
