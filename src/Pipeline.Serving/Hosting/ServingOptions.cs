namespace Pipeline.Serving.Hosting;

/// <summary>Server settings from the command line and <c>PIPELINE_SERVING_*</c> environment variables.</summary>
public sealed record ServingOptions
{
    /// <summary>ONNX file path, or an artifact digest <c>sha256:&lt;hex&gt;</c> resolved in the artifact store.</summary>
    public string Model { get; init; } = "";

    /// <summary>model.yaml with the feature mapping; optional when <see cref="Columns"/> is given.</summary>
    public string? Config { get; init; }
    public string? Name { get; init; }
    public string Version { get; init; } = "0";
    public string Variant { get; init; } = "stable";
    public string Host { get; init; } = "127.0.0.1";
    public int Port { get; init; } = 8080;

    /// <summary>Port of the KServe v2 gRPC API (HTTP/2 without TLS); -1: no gRPC listener; 0 picks a free one.</summary>
    public int GrpcPort { get; init; } = -1;
    /// <summary>Dynamic batching: true (on), false (off) or null (auto: on only when the model's batched call is measurably
    /// cheaper per row, measured at load time by <see cref="Batching.BatchingProbe"/>).</summary>
    public bool? Batching { get; init; }

    /// <summary>Auto batching: the least saving per row (one row alone minus one row in a batch), in microseconds, that pays for
    /// batching's own cost per request (a hand-off between threads, copies into and out of the merged batch).</summary>
    /// <remarks>25 µs: batching's own cost measured up to 41 µs of CPU per request on a 2-core machine, and a busy machine inflates
    /// the probe's one-row time (the fraud model's saving read 8 µs on a quiet machine, 13 µs on a loaded one, where batching
    /// forced on was no faster), so a smaller margin let the decision flip with the machine's load.</remarks>
    public double BatchingMinSavingMicros { get; init; } = 25;
    public int MaxBatch { get; init; } = 64;
    public double MaxDelayMs { get; init; } = 2;

    /// <summary>Batching on: model calls that may run at once (Triton's instance count); each call is one batch. One forms the largest batches.</summary>
    public int ModelInstances { get; init; } = 1;

    /// <summary>
    /// ONNX Runtime threads inside one model call. One by default: requests (or batches) are the parallelism. More pays for a
    /// compute-heavy model with batching on, where one large batch can use every core.
    /// </summary>
    public int IntraOpThreads { get; init; } = 1;

    /// <summary>Requests the server sends itself over HTTP before it reports ready (0: none), so the first user requests are not
    /// the ones that pay for compiling the request path.</summary>
    public int WarmupRequests { get; init; } = 16;

    /// <summary>Wall time the warm-up may take; requests still unanswered then are abandoned (a very slow model), and the
    /// server reports ready once the ones it already took have been answered.</summary>
    public double WarmupBudgetSeconds { get; init; } = 5;

    /// <summary>Requests waiting for the model beyond which the server answers 503.</summary>
    public int MaxQueue { get; init; } = 1024;
    public int MaxBodyBytes { get; init; } = 4 * 1024 * 1024;
    public int MaxRequestRows { get; init; } = 1024;

    /// <summary>Artifact store root for digest models (default <c>PIPELINE_ARTIFACTS</c> or <c>.artifacts</c>).</summary>
    public string? Artifacts { get; init; }

    /// <summary><c>errors</c> (non-2xx only), <c>all</c> or <c>none</c>.</summary>
    public string AccessLog { get; init; } = "errors";

    /// <summary>Seconds to keep serving after readiness turns false on shutdown, so routers notice first.</summary>
    public double DrainSeconds { get; init; }
    public double ShutdownTimeoutSeconds { get; init; } = 15;

    /// <summary>Directory of the prediction log and outcome feedback (none: no log, feedback answers 404).</summary>
    public string? PredictionLog { get; init; }

    /// <summary>Folder of the data contracts (its sensitive marks treat the logged features); none: found from the repository around --config.</summary>
    public string? ContractDirectory { get; init; }

    /// <summary>Overrides of model.yaml's monitoring.sampleRate, rotateMegabytes and feedbackWindowHours.</summary>
    public double? LogSampleRate { get; init; }
    public double? LogRotateMegabytes { get; init; }
    public double? FeedbackWindowHours { get; init; }

    /// <summary>Test-only: extra latency per model call, to make a model slow on purpose. Needs PIPELINE_SERVING_TEST_HOOKS=1.</summary>
    public double TestExtraLatencyMs { get; init; }

    /// <summary>Test-only: CPU burnt per scored row, in microseconds, to make a model costlier on purpose. Needs PIPELINE_SERVING_TEST_HOOKS=1.</summary>
    public double TestExtraCpuMicroseconds { get; init; }

    /// <summary>Upper bounds of the prediction histogram (<c>--score-buckets b1,b2,…</c>); null: the task's default (probability buckets, one per class).</summary>
    public IReadOnlyList<double>? ScoreBuckets { get; init; }

    /// <summary>Consumer mode: AMQP URI of a RabbitMQ broker (<c>amqp://user:password@host:5672/vhost</c>) whose <see cref="Queue"/> the
    /// server reads requests from, beside its HTTP port; null: HTTP only.</summary>
    public string? Consume { get; init; }

    /// <summary>Consumer mode: the queue of requests (default <c>&lt;model&gt;.requests</c>).</summary>
    public string? Queue { get; init; }

    /// <summary>Consumer mode: where answers go when a request has no <c>reply_to</c> (default <c>&lt;queue&gt;.results</c>).</summary>
    public string? ResultQueue { get; init; }

    /// <summary>Consumer mode: where requests that cannot be answered go, with the reason (default <c>&lt;queue&gt;.dead-letter</c>).</summary>
    public string? DeadLetterQueue { get; init; }

    /// <summary>Consumer mode: unacknowledged requests the broker may hand over at once; they are scored together (batching) and committed together.</summary>
    public int Prefetch { get; init; } = 256;
}
