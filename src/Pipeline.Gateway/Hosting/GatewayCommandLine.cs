using System.Globalization;
using Pipeline.Gateway.Routing;

namespace Pipeline.Gateway;

/// <summary>Parses <c>--port --grpc-port --stable --stable-grpc --canary --canary-grpc --canary-weight --state-file ...</c>; the admin token comes from the environment only.</summary>
public static class GatewayCommandLine
{
    public const string Usage =
        "Pipeline.Gateway --port <n> [--grpc-port <n>] --stable <url> [--stable-version <v>] [--stable-grpc <url>] [--canary <url>] [--canary-version <v>] [--canary-grpc <url>] [--canary-weight <0-100>]\n" +
        "                 [--strategy weighted|blue-green|sticky|shadow] [--sticky-header <name>] [--sticky-field <json field>]\n" +
        "                 [--shadow-tolerance <x>] [--score-buckets <b1,b2,…>] [--state-file <path>] [--host <address>] [--seed <n>]\n" +
        "Admin token: environment variable " + Admin.AdminToken.EnvironmentVariable + ", or a file named by " + Admin.AdminToken.FileVariable + ".";

    public static (GatewayOptions? Options, IReadOnlyList<string> Errors) Parse(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        var errors = new List<string>();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            if (!a.StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count) { errors.Add($"argument \"{a}\": expected --name value pairs. {Usage}"); break; }
            values[a[2..]] = args[++i];
        }

        string? Take(string name) => values.Remove(name, out var v) ? v : null;
        double Number(string name, double fallback)
        {
            var raw = Take(name);
            if (raw is null) return fallback;
            if (double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return d;
            errors.Add($"--{name}: \"{raw}\" is not a number.");
            return fallback;
        }

        var port = (int)Number("port", 0);
        var grpcPort = (int)Number("grpc-port", -1);
        var seed = (int)Number("seed", 1);
        var host = Take("host") ?? "127.0.0.1";
        var stable = Take("stable");
        var stableVersion = Take("stable-version") ?? "";
        var canary = Take("canary");
        var canaryVersion = Take("canary-version") ?? "";
        var stableGrpc = Take("stable-grpc");
        var canaryGrpc = Take("canary-grpc");
        var weight = Number("canary-weight", 0);
        var tolerance = Number("shadow-tolerance", 0.05);
        double[]? buckets = null;
        if (Take("score-buckets") is { } bucketText)
        {
            (buckets, var bucketError) = Pipeline.Core.Monitoring.PredictionBuckets.Parse(bucketText);
            if (bucketError is not null) errors.Add($"--score-buckets: {bucketError}.");
        }
        var stickyHeader = Take("sticky-header") ?? "X-Pipeline-Key";
        var stickyField = Take("sticky-field");
        var stateFile = Take("state-file");
        var strategyText = Take("strategy") ?? "weighted";
        var strategy = strategyText.Replace("-", "", StringComparison.Ordinal) switch
        {
            "weighted" or "canary" => RoutingStrategy.Weighted,
            "bluegreen" => RoutingStrategy.BlueGreen,
            "sticky" => RoutingStrategy.Sticky,
            "shadow" => RoutingStrategy.Shadow,
            _ => (RoutingStrategy?)null,
        };
        if (strategy is null) errors.Add($"--strategy: \"{strategyText}\" is unknown; use weighted, blue-green, sticky or shadow.");
        foreach (var unknown in values.Keys) errors.Add($"--{unknown}: unknown option. {Usage}");
        if (port is < 0 or > 65535) errors.Add($"--port: {port} is outside 0–65535.");
        if (grpcPort is < -1 or > 65535) errors.Add($"--grpc-port: {grpcPort} is outside 0–65535 (0 picks a free port; leave it out for no gRPC listener).");
        if (grpcPort > 0 && grpcPort == port) errors.Add($"--grpc-port: {grpcPort} is also --port; gRPC (HTTP/2) needs its own port.");
        if (canaryGrpc is not null && canary is null) errors.Add("--canary-grpc: given without --canary; give the canary's REST URL too, or leave it out.");
        if (stable is null && (stateFile is null || !File.Exists(stateFile)))
            errors.Add("--stable: missing, and no existing --state-file to resume from; give the stable model server URL, e.g. --stable http://127.0.0.1:5001.");

        RoutingTable? initial = null;
        if (stable is not null)
        {
            initial = new RoutingTable
            {
                Stable = new Upstream(stable, stableVersion, stableGrpc),
                Canary = canary is null ? null : new Upstream(canary, canaryVersion, canaryGrpc),
                CanaryWeight = weight,
                Strategy = strategy ?? RoutingStrategy.Weighted,
                StickyHeader = stickyHeader,
                StickyField = stickyField,
                ShadowTolerance = tolerance,
                Reason = "started from the command line",
            };
            errors.AddRange(RoutingTableValidator.Validate(initial).Select(e => "command line " + e));
        }

        if (errors.Count > 0) return (null, errors);
        return (new GatewayOptions
        {
            Port = port,
            GrpcPort = grpcPort,
            ScoreBuckets = buckets,
            Host = host,
            Seed = seed,
            InitialRouting = initial,
            StateFile = stateFile,
            AdminToken = Admin.AdminToken.Read(environment),
        }, errors);
    }
}
