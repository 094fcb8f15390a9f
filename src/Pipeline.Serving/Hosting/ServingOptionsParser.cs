using System.Globalization;

namespace Pipeline.Serving.Hosting;

/// <summary>Reads <see cref="ServingOptions"/> from arguments (<c>--port 8080</c>) over environment variables (<c>PIPELINE_SERVING_PORT</c>); collects every error.</summary>
public static class ServingOptionsParser
{
    private static readonly string[] Known =
    [
        "model", "config", "model-yaml", "name", "version", "variant", "host", "port", "grpc-port", "batching", "batching-min-saving-us", "max-batch", "max-delay-ms",
        "model-instances", "intra-op-threads", "score-buckets", "warmup-requests", "warmup-budget-seconds",
        "max-queue", "max-body-bytes", "max-request-rows", "artifacts", "access-log", "drain-seconds", "shutdown-timeout-seconds",
        "test-extra-latency-ms", "test-extra-cpu-us", "prediction-log", "contract-directory", "log-sample-rate", "log-rotate-mb", "feedback-window-hours",
        "consume", "queue", "result-queue", "dead-letter-queue", "prefetch",
    ];

    public const string Usage =
        "Pipeline.Serving --model <path.onnx|sha256:...> --config <model.yaml> --name <name> --version <v> --variant <stable|canary|...> " +
        "--port <p> [--grpc-port <p>] [--host 127.0.0.1] [--batching auto|on|off --batching-min-saving-us 25 --max-batch 64 --max-delay-ms 2 --model-instances 1] [--intra-op-threads 1] [--warmup-requests 16 --warmup-budget-seconds 5] [--max-queue 1024] [--max-body-bytes 4194304] " +
        "[--max-request-rows 1024] [--access-log errors|all|none] [--drain-seconds 0] [--prediction-log <dir> [--contract-directory <dir>] --log-sample-rate 1 --log-rotate-mb 16 --feedback-window-hours 720] [--consume amqp://user:password@host:5672/vhost --queue <model>.requests --result-queue <queue>.results --dead-letter-queue <queue>.dead-letter --prefetch 256]; every option also as PIPELINE_SERVING_<OPTION> (e.g. PIPELINE_SERVING_MAX_BATCH)";

    public static (ServingOptions? Options, IReadOnlyList<string> Errors) Parse(IReadOnlyList<string> args, IReadOnlyDictionary<string, string?> environment)
    {
        var errors = new List<string>();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in Known)
        {
            var env = "PIPELINE_SERVING_" + key.Replace('-', '_').ToUpperInvariant();
            if (environment.TryGetValue(env, out var v) && !string.IsNullOrEmpty(v)) values[key] = v;
        }
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            if (!a.StartsWith("--", StringComparison.Ordinal)) { errors.Add($"argument '{a}': expected an option such as --model. Usage: {Usage}"); continue; }
            var key = a[2..];
            string? value = null;
            var eq = key.IndexOf('=');
            if (eq >= 0) { value = key[(eq + 1)..]; key = key[..eq]; }
            if (!Known.Contains(key)) { errors.Add($"option --{key} is unknown. Usage: {Usage}"); if (eq < 0 && i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal)) i++; continue; }
            if (value is null)
            {
                if (i + 1 >= args.Count) { errors.Add($"option --{key} needs a value. Usage: {Usage}"); continue; }
                value = args[++i];
            }
            values[key] = value;
        }
        if (values.Remove("model-yaml", out var yaml)) values.TryAdd("config", yaml);

        var o = new ServingOptions();
        string? Str(string k) => values.GetValueOrDefault(k);
        int Int(string k, int fallback, int min, int max)
        {
            if (!values.TryGetValue(k, out var s)) return fallback;
            if (int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max) return n;
            errors.Add($"option --{k}: '{s}' is not a whole number in [{min}, {max}]");
            return fallback;
        }
        double? OptDbl(string k, double min, double max) => values.ContainsKey(k) ? Dbl(k, min, min, max) : null;
        double Dbl(string k, double fallback, double min, double max)
        {
            if (!values.TryGetValue(k, out var s)) return fallback;
            if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d >= min && d <= max) return d;
            errors.Add($"option --{k}: '{s}' is not a number in [{min}, {max}]");
            return fallback;
        }
        bool? AutoOnOff(string k, bool? fallback)
        {
            if (!values.TryGetValue(k, out var s)) return fallback;
            switch (s.ToLowerInvariant())
            {
                case "auto": return null;
                case "on" or "true" or "1" or "yes": return true;
                case "off" or "false" or "0" or "no": return false;
                default: errors.Add($"option --{k}: '{s}' is not auto, on or off"); return fallback;
            }
        }

        o = o with
        {
            Model = Str("model") ?? "",
            Config = Str("config"),
            Name = Str("name"),
            Version = Str("version") ?? o.Version,
            Variant = Str("variant") ?? o.Variant,
            Host = Str("host") ?? o.Host,
            Port = Int("port", o.Port, 0, 65535),
            GrpcPort = Int("grpc-port", o.GrpcPort, -1, 65535),
            Batching = AutoOnOff("batching", o.Batching),
            BatchingMinSavingMicros = Dbl("batching-min-saving-us", o.BatchingMinSavingMicros, 0, 1_000_000),
            MaxBatch = Int("max-batch", o.MaxBatch, 1, 65536),
            MaxDelayMs = Dbl("max-delay-ms", o.MaxDelayMs, 0, 1000),
            ModelInstances = Int("model-instances", o.ModelInstances, 1, 1024),
            IntraOpThreads = Int("intra-op-threads", o.IntraOpThreads, 1, 1024),
            WarmupRequests = Int("warmup-requests", o.WarmupRequests, 0, 10_000),
            WarmupBudgetSeconds = Dbl("warmup-budget-seconds", o.WarmupBudgetSeconds, 0.1, 600),
            MaxQueue = Int("max-queue", o.MaxQueue, 1, 1_000_000),
            MaxBodyBytes = Int("max-body-bytes", o.MaxBodyBytes, 1024, 1 << 30),
            MaxRequestRows = Int("max-request-rows", o.MaxRequestRows, 1, 1_000_000),
            Artifacts = Str("artifacts"),
            AccessLog = Str("access-log") ?? o.AccessLog,
            DrainSeconds = Dbl("drain-seconds", o.DrainSeconds, 0, 600),
            ShutdownTimeoutSeconds = Dbl("shutdown-timeout-seconds", o.ShutdownTimeoutSeconds, 0, 3600),
            PredictionLog = Str("prediction-log"),
            ContractDirectory = Str("contract-directory"),
            LogSampleRate = OptDbl("log-sample-rate", 0, 1),
            LogRotateMegabytes = OptDbl("log-rotate-mb", 0.001, 1_000_000),
            FeedbackWindowHours = OptDbl("feedback-window-hours", 0, 1_000_000),
            TestExtraLatencyMs = Dbl("test-extra-latency-ms", 0, 0, 60_000),
            TestExtraCpuMicroseconds = Dbl("test-extra-cpu-us", 0, 0, 1_000_000),
            Consume = Str("consume"),
            Queue = Str("queue"),
            ResultQueue = Str("result-queue"),
            DeadLetterQueue = Str("dead-letter-queue"),
            Prefetch = Int("prefetch", o.Prefetch, 1, 65535),
        };
        errors.AddRange(Streaming.ConsumerSettings.Problems(o));
        if (Str("score-buckets") is { } bucketText)
        {
            var (bounds, error) = Pipeline.Core.Monitoring.PredictionBuckets.Parse(bucketText);
            if (error is not null) errors.Add($"option --score-buckets: {error}");
            o = o with { ScoreBuckets = bounds };
        }
        if (o.Model.Length == 0) errors.Add($"option --model is required: the ONNX file (or artifact digest sha256:...) to serve. Usage: {Usage}");
        if (o.AccessLog is not ("errors" or "all" or "none")) errors.Add($"option --access-log: '{o.AccessLog}' is not errors, all or none");
        foreach (var (option, value) in new[] { ("test-extra-latency-ms", o.TestExtraLatencyMs), ("test-extra-cpu-us", o.TestExtraCpuMicroseconds) })
        {
            if (value > 0 && environment.GetValueOrDefault("PIPELINE_SERVING_TEST_HOOKS") != "1")
                errors.Add($"option --{option} makes the model slow on purpose and is for tests only; set PIPELINE_SERVING_TEST_HOOKS=1 to allow it");
        }
        return errors.Count > 0 ? (null, errors) : (o, errors);
    }
}
