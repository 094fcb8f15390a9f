namespace Pipeline.Packaging.Validation;

/// <summary>How a packaged image is proven in a real engine.</summary>
public sealed record ContainerValidationOptions
{
    /// <summary>Port the server listens on inside the container.</summary>
    public int ContainerPort { get; init; } = 8080;

    /// <summary>Port of the KServe v2 gRPC API inside the container, checked beside REST (ServerReady, ServerMetadata, each golden request as ModelInfer); null: not checked.</summary>
    public int? GrpcContainerPort { get; init; }

    public string ReadyPath { get; init; } = "/v2/health/ready";
    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromSeconds(60);
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(15);
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Run with a read-only root filesystem and a tmpfs on <c>/tmp</c>, as production does.</summary>
    public bool ReadOnlyRootFilesystem { get; init; } = true;

    public IReadOnlyList<GoldenRequest> GoldenRequests { get; init; } = [];

    /// <summary>Log lines shown when a check fails.</summary>
    public int LogLines { get; init; } = 40;

    /// <summary>Label put on the container so leftovers can be found and removed.</summary>
    public string OwnerLabel { get; init; } = "io.pipeline.validation";
}
